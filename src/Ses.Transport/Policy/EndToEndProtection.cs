using Ses.Transport.Policy.Internal;
using Ses.Transport.Security;

namespace Ses.Transport.Policy;

/// <summary>The end-to-end protection (sender → recipient) a message must carry: signature, encryption, or both, with S/MIME, PGP or either.</summary>
public sealed class EndToEndProtection
{
    /// <summary>
    /// What the message must carry: <see cref="MessageProtection.None"/>, <see cref="MessageProtection.Sign"/>,
    /// <see cref="MessageProtection.Encrypt"/> or <see cref="MessageProtection.SignAndEncrypt"/>
    /// (<see cref="MessageProtection.AttachPublicKey"/> may be added to send the sender's public key along).
    /// </summary>
    /// <value>The default is <see cref="MessageProtection.None"/>.</value>
    public MessageProtection Protection { get; set; }

    /// <summary>The scheme, or <see langword="null"/> for either (S/MIME is tried first, then PGP, by the keys available).</summary>
    /// <value>The default is <see langword="null"/> (either).</value>
    public ProtectionScheme? Scheme { get; set; }

    /// <inheritdoc />
    public override string ToString() => EndToEndText.Describe(Protection, Scheme);
}
