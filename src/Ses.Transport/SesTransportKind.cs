namespace Ses.Transport;

/// <summary>The path a message takes from the sender to Amazon SES (hop 1).</summary>
public enum SesTransportKind
{
    /// <summary>The SES v2 HTTPS API (<c>SendEmail</c>), SigV4-signed, over TLS 1.2 or 1.3.</summary>
    Https = 1,

    /// <summary>SMTP upgraded with STARTTLS (RFC 3207) on port 587, 25 or 2587.</summary>
    StartTlsSmtp = 2,

    /// <summary>SMTP inside TLS from the first byte ("TLS wrapper") on port 465 or 2465.</summary>
    TlsWrapperSmtp = 3,
}
