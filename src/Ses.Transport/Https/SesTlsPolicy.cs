namespace Ses.Transport.Https;

/// <summary>
/// Whether SES must use TLS when it delivers to the receiver's mail server (hop 2), per configuration set.
/// Source: SES API v2 reference, <c>DeliveryOptions.TlsPolicy</c>.
/// </summary>
public enum SesTlsPolicy
{
    /// <summary><c>OPTIONAL</c>: TLS when the receiver offers it, otherwise in clear. SES's default.</summary>
    Optional = 0,

    /// <summary><c>REQUIRE</c>: SES delivers only over TLS and drops the message when the receiver cannot do TLS.</summary>
    Require = 1,
}
