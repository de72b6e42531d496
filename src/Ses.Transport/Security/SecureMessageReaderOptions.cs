using System.Security.Cryptography.X509Certificates;

namespace Ses.Transport.Security;

/// <summary>The keys and trust of a <see cref="SecureMessageReader"/>. The reader copies them when it is created.</summary>
public sealed class SecureMessageReaderOptions
{
    /// <summary>
    /// S/MIME certificates: with private keys, to decrypt messages sent to them; without, as extra certificates for
    /// chain building (intermediates).
    /// </summary>
    /// <value>The default is an empty list.</value>
    public IList<SmimeKeyMaterial> SmimeKeys { get; } = [];

    /// <summary>
    /// The certificate authorities whose S/MIME signers are trusted. Nothing else is: not the system store, not the
    /// certificates a message carries.
    /// </summary>
    /// <value>The default is an empty collection (no S/MIME signer is trusted; signatures are still checked).</value>
    public X509Certificate2Collection SmimeTrustAnchors { get; } = [];

    /// <summary>
    /// OpenPGP keys: secret keys, to decrypt; public keys, to check signatures. A signature made by one of these keys
    /// (not revoked, not expired) is trusted.
    /// </summary>
    /// <value>The default is an empty list.</value>
    public IList<PgpKeyMaterial> PgpKeys { get; } = [];
}
