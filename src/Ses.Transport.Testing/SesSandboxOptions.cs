using Microsoft.Extensions.Logging;
using Ses.Transport.Credentials;

namespace Ses.Transport.Testing;

/// <summary>Settings for <see cref="SesSandbox.StartAsync"/>. Every value has a default that suits tests.</summary>
public sealed class SesSandboxOptions
{
    /// <summary>The region the sandbox pretends to be: SigV4 scopes and the SMTP password are checked against it.</summary>
    /// <value>The default is <c>us-east-1</c>.</value>
    public string Region { get; set; } = "us-east-1";

    /// <summary>The only credentials the sandbox accepts (API signatures, and the SMTP password derived from them).</summary>
    /// <value>The default is <see langword="null"/>: a fresh access key id and secret are generated per sandbox.</value>
    public AwsCredentials? Credentials { get; set; }

    /// <summary>The lowest TLS version the sandbox's listeners accept.</summary>
    /// <value>The default is <see cref="Transport.MinimumTlsVersion.Tls12"/> (TLS 1.2 and 1.3, as SES).</value>
    public MinimumTlsVersion MinimumTlsVersion { get; set; } = MinimumTlsVersion.Tls12;

    /// <summary>How long an SMTP connection may wait between commands before the sandbox closes it (SES: about 10 s).</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest message accepted, in bytes (SMTP <c>SIZE</c>; the raw MIME of an API request).</summary>
    /// <value>The default is 10 MiB (10,485,760 bytes), SES's default maximum message size.</value>
    public int MaxMessageSize { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// The sandbox's clock: SigV4 <c>X-Amz-Date</c> checks (±5 minutes), <see cref="SandboxMessage.ReceivedAt"/>, message ids.
    /// Certificates and socket timeouts use the real clock, since clients check them against theirs.
    /// </summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the sandbox logs (requests, SMTP sessions, faults). Secrets are never logged.</summary>
    /// <value>The default is <see langword="null"/>: no logging.</value>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The HTTPS API port on 127.0.0.1.</summary>
    /// <value>The default is 0: a free port.</value>
    public int ApiPort { get; set; }

    /// <summary>The SMTP STARTTLS port on 127.0.0.1.</summary>
    /// <value>The default is 0: a free port.</value>
    public int StartTlsSmtpPort { get; set; }

    /// <summary>The SMTP implicit-TLS (TLS wrapper) port on 127.0.0.1.</summary>
    /// <value>The default is 0: a free port.</value>
    public int TlsWrapperSmtpPort { get; set; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Region, nameof(Region));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (IdleTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(IdleTimeout), IdleTimeout, "The idle timeout must be positive.");
        }

        if (MaxMessageSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMessageSize), MaxMessageSize, "The maximum message size must be positive.");
        }

        foreach (var (name, port) in new[] { (nameof(ApiPort), ApiPort), (nameof(StartTlsSmtpPort), StartTlsSmtpPort), (nameof(TlsWrapperSmtpPort), TlsWrapperSmtpPort) })
        {
            if (port is < 0 or > 65535)
            {
                throw new ArgumentOutOfRangeException(name, port, "A port must be 0 (free port) to 65535.");
            }
        }

        if (!Enum.IsDefined(MinimumTlsVersion))
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumTlsVersion), MinimumTlsVersion, "Unknown TLS version.");
        }
    }
}
