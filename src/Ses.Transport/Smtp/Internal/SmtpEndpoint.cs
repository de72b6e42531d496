using MailKit.Security;
using Microsoft.Extensions.Logging;
using Ses.Transport.Credentials;
using Ses.Transport.Internal;

namespace Ses.Transport.Smtp.Internal;

/// <summary>Everything a session needs to open a connection, fixed when the transport is created.</summary>
internal sealed class SmtpEndpoint
{
    public SmtpEndpoint(SesTransportKind transport, SecureSocketOptions security, SmtpTransportOptions options, ILogger logger, TimeProvider timeProvider)
    {
        // Only the two modes that never speak in clear past the greeting: StartTls (fails when STARTTLS is not
        // offered) and SslOnConnect. Never StartTlsWhenAvailable, Auto or None.
        if (security is not (SecureSocketOptions.StartTls or SecureSocketOptions.SslOnConnect))
        {
            throw new ArgumentOutOfRangeException(nameof(security), security, "Only StartTls and SslOnConnect are allowed.");
        }

        Transport = transport;
        Security = security;
        Host = options.ResolveHost();
        Port = options.Port;
        Credentials = options.Credentials!;
        Redactor = new SecretRedactor(Credentials);
        Certificates = new CertificateValidator(options.Tls);
        CheckRevocation = options.Tls.RevocationMode != System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
        TimeoutMilliseconds = (int)options.OperationTimeout.TotalMilliseconds;
        Logger = logger;
        TimeProvider = timeProvider;
    }

    public SesTransportKind Transport { get; }

    public SecureSocketOptions Security { get; }

    public string Host { get; }

    public int Port { get; }

    public SesSmtpCredentials Credentials { get; }

    public SecretRedactor Redactor { get; }

    public CertificateValidator Certificates { get; }

    public bool CheckRevocation { get; }

    public int TimeoutMilliseconds { get; }

    public ILogger Logger { get; }

    public TimeProvider TimeProvider { get; }
}
