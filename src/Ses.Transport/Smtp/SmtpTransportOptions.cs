using Ses.Transport.Credentials;
using Ses.Transport.Internal;

namespace Ses.Transport.Smtp;

/// <summary>
/// Settings shared by the two SMTP transports: the SES endpoint (a region or an explicit host), the port, the SMTP
/// credentials and the connection pool. TLS, retries, timeouts and the default configuration set come from
/// <see cref="TransportOptions"/>.
/// </summary>
/// <remarks>
/// The transport reads these settings once, when it is created; later changes have no effect on it.
/// Use <see cref="StartTlsSmtpTransportOptions"/> or <see cref="TlsWrapperSmtpTransportOptions"/>.
/// </remarks>
public abstract class SmtpTransportOptions : TransportOptions
{
    /// <summary>The default of <see cref="PoolSize"/>, also that of the dependency-injection settings.</summary>
    internal const int DefaultPoolSize = 4;

    private protected SmtpTransportOptions(int defaultPort)
    {
        Port = defaultPort;
    }

    /// <summary>
    /// The SES region, for example <c>eu-central-1</c>; the transport connects to <c>email-smtp.{region}.amazonaws.com</c>.
    /// Set either this or <see cref="Host"/>.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Region { get; set; }

    /// <summary>
    /// An explicit SMTP host (a VPC endpoint, a private relay, the sandbox, a test server). The certificate must
    /// name this host (or IP address). Set either this or <see cref="Region"/>.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Host { get; set; }

    /// <summary>
    /// The TCP port. With <see cref="Region"/> it must be one of the ports SES documents for this way of starting
    /// TLS; with <see cref="Host"/> any port from 1 to 65535 is accepted.
    /// </summary>
    /// <value>The default is 587 for STARTTLS and 465 for the TLS wrapper.</value>
    public int Port { get; set; }

    /// <summary>
    /// The SMTP user name and password (SES SMTP credentials, or <see cref="SesSmtpCredentials.FromSecretAccessKey"/>).
    /// Required: SES accepts mail only after AUTH, and AUTH is sent only over TLS.
    /// </summary>
    /// <value>The default is <see langword="null"/>, which fails validation.</value>
    public SesSmtpCredentials? Credentials { get; set; }

    /// <summary>
    /// The most authenticated connections open at once. Concurrent sends beyond this wait for a free connection.
    /// Keep the total across processes within what SES allows for the account.
    /// </summary>
    /// <value>The default is 4.</value>
    public int PoolSize { get; set; } = DefaultPoolSize;

    /// <summary>
    /// A pooled connection idle for longer than this is checked with <c>NOOP</c> before it is used again, and replaced
    /// when the check fails. SES closes connections idle for about 10 seconds, so keep it below that.
    /// </summary>
    /// <value>The default is 5 seconds (half of SES's idle timeout).</value>
    public TimeSpan IdleRefreshThreshold { get; set; } = SesLimits.SmtpIdleTimeout / 2;

    /// <summary>
    /// The most messages sent over one connection before it is closed (with <c>QUIT</c>) and replaced. Each replacement
    /// costs a TCP connect, a TLS handshake and <c>AUTH</c>; <see cref="MaxConnectionAge"/> is what keeps the pool
    /// following SES as it replaces its hosts.
    /// </summary>
    /// <value>The default is 1000.</value>
    public int MaxMessagesPerConnection { get; set; } = 1000;

    /// <summary>
    /// The longest a connection is used, from its opening; an older one is closed (with <c>QUIT</c>) and replaced, so
    /// the pool follows SES as it replaces its hosts.
    /// </summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan MaxConnectionAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A copy of these settings, taken by the transport so later changes to this instance do not reach it.</summary>
    internal SmtpTransportOptions Snapshot()
    {
        var copy = CreateEmpty();
        copy.Region = Region;
        copy.Host = Host;
        copy.Port = Port;
        copy.Credentials = Credentials;
        copy.PoolSize = PoolSize;
        copy.IdleRefreshThreshold = IdleRefreshThreshold;
        copy.MaxMessagesPerConnection = MaxMessagesPerConnection;
        copy.MaxConnectionAge = MaxConnectionAge;
        copy.ConfigurationSetName = ConfigurationSetName;
        copy.OperationTimeout = OperationTimeout;
        Tls.CopyTo(copy.Tls);
        Retry.CopyTo(copy.Retry);
        return copy;
    }

    /// <summary>A new instance of the same options type, with defaults.</summary>
    private protected abstract SmtpTransportOptions CreateEmpty();

    /// <summary>The ports SES documents for this way of starting TLS.</summary>
    internal abstract IReadOnlyList<int> SesPorts { get; }

    /// <summary>The host to connect to: <see cref="Host"/>, or the SES SMTP endpoint of <see cref="Region"/>.</summary>
    internal string ResolveHost() =>
        !string.IsNullOrWhiteSpace(Host) ? Host.Trim() : Internal.SesSmtpEndpoints.HostForRegion(Region!.Trim());
}
