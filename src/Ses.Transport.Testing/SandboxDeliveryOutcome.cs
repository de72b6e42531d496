namespace Ses.Transport.Testing;

/// <summary>The simulated hop-2 outcome (SES → receiver) of a message the sandbox accepted.</summary>
/// <remarks>The values are ordered from best to worst; a message with several recipients reports the worst.</remarks>
public enum SandboxDeliveryOutcome
{
    /// <summary>Delivered over TLS: the receiver supports it.</summary>
    Delivered = 0,

    /// <summary>Delivered in clear: the receiver offers no TLS and the configuration set's TlsPolicy is <c>OPTIONAL</c> (or there is no set).</summary>
    DeliveredWithoutTls = 1,

    /// <summary>Dropped: the receiver offers no TLS and the configuration set's TlsPolicy is <c>REQUIRE</c>.</summary>
    Dropped = 2,
}
