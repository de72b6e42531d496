namespace Ses.Transport.Security;

/// <summary>
/// The keys and choices of a <see cref="SecureMessageBuilder"/>. The builder copies them when it is created; later
/// changes have no effect on it.
/// </summary>
public sealed class SecureMessageBuilderOptions
{
    /// <summary>The sender's S/MIME certificate with its private key, for signing; it must carry the From (or Sender) address.</summary>
    /// <value>The default is <see langword="null"/> (no S/MIME signing).</value>
    public SmimeKeyMaterial? SmimeSigner { get; set; }

    /// <summary>Recipients' S/MIME certificates, matched to To, Cc and Bcc by the addresses they carry.</summary>
    /// <value>The default is an empty list.</value>
    public IList<SmimeKeyMaterial> SmimeRecipients { get; } = [];

    /// <summary>The sender's OpenPGP secret key, for signing; a user ID must carry the From (or Sender) address.</summary>
    /// <value>The default is <see langword="null"/> (no PGP signing).</value>
    public PgpKeyMaterial? PgpSigner { get; set; }

    /// <summary>Recipients' OpenPGP public keys, matched to To, Cc and Bcc by the addresses in their user IDs.</summary>
    /// <value>The default is an empty list.</value>
    public IList<PgpKeyMaterial> PgpRecipients { get; } = [];

    /// <summary>How S/MIME signatures are carried.</summary>
    /// <value>The default is <see cref="Security.SmimeSignatureFormat.Detached"/> (<c>multipart/signed</c>).</value>
    public SmimeSignatureFormat SmimeSignatureFormat { get; set; } = SmimeSignatureFormat.Detached;

    /// <summary>Which S/MIME media type names are written.</summary>
    /// <value>The default is <see cref="Security.SmimeMediaTypes.Standard"/> (<c>application/pkcs7-*</c>).</value>
    public SmimeMediaTypes SmimeMediaTypes { get; set; } = SmimeMediaTypes.Standard;

    /// <summary>The digest signatures are made over (S/MIME and PGP).</summary>
    /// <value>The default is <see cref="SecureDigestAlgorithm.Sha256"/>.</value>
    public SecureDigestAlgorithm DigestAlgorithm { get; set; } = SecureDigestAlgorithm.Sha256;
}
