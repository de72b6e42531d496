namespace Ses.Transport.Security;

/// <summary>
/// How a message is protected, as <see cref="SecureMessageClassifier"/> reads it from its media types.
/// </summary>
/// <param name="SignatureScheme">The scheme of a signature over the whole visible body, or <see langword="null"/>.</param>
/// <param name="EncryptionScheme">The scheme the body is encrypted with, or <see langword="null"/>.</param>
/// <param name="HasAttachedPublicKey">Whether the visible content carries a public key (<c>application/pgp-keys</c>, or S/MIME <c>certs-only</c>).</param>
/// <remarks>
/// What is inside an encryption or an opaque S/MIME signature cannot be seen without keys: a message signed then
/// encrypted shows as encrypted only.
/// </remarks>
public readonly record struct MessageProtectionInfo(ProtectionScheme? SignatureScheme, ProtectionScheme? EncryptionScheme, bool HasAttachedPublicKey)
{
    /// <summary>A message with no protection at all.</summary>
    public static MessageProtectionInfo Unprotected => default;

    /// <summary>Whether the body carries a signature.</summary>
    public bool IsSigned => SignatureScheme is not null;

    /// <summary>Whether the body is encrypted.</summary>
    public bool IsEncrypted => EncryptionScheme is not null;

    /// <summary>Whether the body is signed or encrypted.</summary>
    public bool IsProtected => IsSigned || IsEncrypted;

    /// <summary>The outermost protection's scheme (encryption before signature), or <see langword="null"/> when unprotected.</summary>
    public ProtectionScheme? Scheme => EncryptionScheme ?? SignatureScheme;
}
