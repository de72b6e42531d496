namespace Ses.Transport.DependencyInjection;

/// <summary>The key files of a sender's end-to-end protection, loaded when the sender is created.</summary>
public sealed class SesKeyFilesOptions
{
    /// <summary>The sender's S/MIME certificate and private key (PKCS#12 file and password).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public SesKeyFileOptions? SmimeSigner { get; set; }

    /// <summary>Recipients' S/MIME certificates (PEM or DER files).</summary>
    /// <value>The default is an empty list.</value>
    public IList<SesKeyFileOptions> SmimeRecipients { get; } = [];

    /// <summary>The sender's OpenPGP secret key (armored file and passphrase).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public SesKeyFileOptions? PgpSigner { get; set; }

    /// <summary>Recipients' OpenPGP public keys (armored files).</summary>
    /// <value>The default is an empty list.</value>
    public IList<SesKeyFileOptions> PgpRecipients { get; } = [];
}
