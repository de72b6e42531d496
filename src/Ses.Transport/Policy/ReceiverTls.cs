namespace Ses.Transport.Policy;

/// <summary>
/// What hop 2 (SES → the receiver's mail server) must use: the <c>TlsPolicy</c> of the configuration set the
/// message is sent with.
/// </summary>
public enum ReceiverTls
{
    /// <summary>Opportunistic TLS: SES uses TLS when the receiver offers it and delivers in clear otherwise (the SES default).</summary>
    Optional = 0,

    /// <summary>TLS required: SES drops (bounces) a message it cannot deliver over TLS. Needs a configuration set whose <c>TlsPolicy</c> is <c>REQUIRE</c>.</summary>
    Require = 1,
}
