namespace Ses.Transport;

/// <summary>Why TLS with the server could not be established.</summary>
public enum TlsFailure
{
    /// <summary>The handshake failed for another reason (no common cipher, connection closed during the handshake).</summary>
    HandshakeFailed = 0,

    /// <summary>The SMTP server did not advertise STARTTLS; the transport never continues in clear.</summary>
    StartTlsNotOffered = 1,

    /// <summary>The SMTP server answered STARTTLS with an error.</summary>
    StartTlsRefused = 2,

    /// <summary>The server offered only protocol versions below the configured minimum (TLS 1.2 or 1.3).</summary>
    ProtocolVersionTooLow = 3,

    /// <summary>The server's certificate chain does not end at a trusted root (system store or configured trust anchors).</summary>
    CertificateUntrusted = 4,

    /// <summary>The server's certificate (or one in its chain) is expired or not yet valid.</summary>
    CertificateExpired = 5,

    /// <summary>The server's certificate does not name the host that was connected to.</summary>
    CertificateNameMismatch = 6,

    /// <summary>The server's certificate was revoked, or revocation could not be checked when checking was required.</summary>
    CertificateRevoked = 7,

    /// <summary>The server sent bytes after agreeing to STARTTLS and before the handshake (RFC 3207 §4.2 injection).</summary>
    PlaintextInjection = 8,
}
