namespace Ses.Transport.DependencyInjection;

/// <summary>One SMTP transport of a sender (STARTTLS or TLS wrapper); see <see cref="Smtp.SmtpTransportOptions"/> for the meaning of each setting.</summary>
public sealed class SesSmtpEndpointOptions
{
    /// <summary>An explicit host (VPC endpoint, relay, sandbox); the certificate must name it.</summary>
    /// <value>The default is <see langword="null"/>: <c>email-smtp.{region}.amazonaws.com</c>.</value>
    public string? Host { get; set; }

    /// <summary>The TCP port, 1 to 65535; without <see cref="Host"/> one SES offers for this way of starting TLS.</summary>
    /// <value>The default is <see langword="null"/>: 587 for STARTTLS, 465 for the TLS wrapper.</value>
    public int? Port { get; set; }

    /// <summary>The most authenticated connections open at once.</summary>
    /// <value>The default is 4.</value>
    public int PoolSize { get; set; } = Smtp.SmtpTransportOptions.DefaultPoolSize;
}
