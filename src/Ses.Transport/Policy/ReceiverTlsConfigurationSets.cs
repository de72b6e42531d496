namespace Ses.Transport.Policy;

/// <summary>The configuration set a message is sent with for each <see cref="ReceiverTls"/> level.</summary>
public sealed class ReceiverTlsConfigurationSets
{
    /// <summary>The configuration set for <see cref="ReceiverTls.Optional"/>.</summary>
    /// <value>The default is <see langword="null"/>: no <c>X-SES-CONFIGURATION-SET</c> is added (the account's default set, if any, applies).</value>
    public string? Optional { get; set; }

    /// <summary>
    /// The configuration set for <see cref="ReceiverTls.Require"/>; its <c>TlsPolicy</c> must be <c>REQUIRE</c>, and
    /// the transport must know that (see <see cref="KnownConfigurationSets"/>), or the send is refused.
    /// </summary>
    /// <value>The default is <see langword="null"/>: a message that needs <see cref="ReceiverTls.Require"/> is refused.</value>
    public string? Require { get; set; }

    /// <summary>The configuration set for <paramref name="level"/>.</summary>
    /// <param name="level">The receiver TLS level.</param>
    /// <returns>The name, or <see langword="null"/> when none is configured.</returns>
    public string? For(ReceiverTls level) => level == ReceiverTls.Require ? Require : Optional;
}
