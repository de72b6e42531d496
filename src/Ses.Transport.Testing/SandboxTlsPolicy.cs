namespace Ses.Transport.Testing;

/// <summary>A configuration set's <c>DeliveryOptions.TlsPolicy</c> (SES v2): how SES treats hop 2 (SES → receiver).</summary>
public enum SandboxTlsPolicy
{
    /// <summary><c>OPTIONAL</c>: opportunistic TLS; SES delivers in clear when the receiver offers no TLS. The SES default.</summary>
    Optional = 0,

    /// <summary><c>REQUIRE</c>: SES drops a message it cannot deliver over TLS.</summary>
    Require = 1,
}
