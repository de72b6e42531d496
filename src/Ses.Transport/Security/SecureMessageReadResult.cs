using MimeKit;

namespace Ses.Transport.Security;

/// <summary>What <see cref="SecureMessageReader"/> found in a message: the plain content, the signatures, the encryption.</summary>
public sealed class SecureMessageReadResult
{
    internal SecureMessageReadResult(MimeEntity content, ProtectionScheme? encryptionScheme, IReadOnlyList<SecureMessageSignature> signatures)
    {
        Content = content;
        EncryptionScheme = encryptionScheme;
        Signatures = signatures;
    }

    /// <summary>The content once every protection layer is removed (decrypted, signature envelopes opened).</summary>
    public MimeEntity Content { get; }

    /// <summary>The scheme the message was encrypted with, or <see langword="null"/> when it was not encrypted.</summary>
    public ProtectionScheme? EncryptionScheme { get; }

    /// <summary>Whether the message was encrypted.</summary>
    public bool IsEncrypted => EncryptionScheme is not null;

    /// <summary>The signatures found, outermost first (inside the encryption as well).</summary>
    public IReadOnlyList<SecureMessageSignature> Signatures { get; }

    /// <summary>Whether at least one signature was found.</summary>
    public bool IsSigned => Signatures.Count > 0;

    /// <summary>Whether the message is signed and every signature is valid.</summary>
    public bool IsSignatureValid => IsSigned && Signatures.All(s => s.IsValid);

    /// <summary>Whether the message is signed and every signature is valid and from a trusted signer.</summary>
    public bool IsTrusted => IsSigned && Signatures.All(s => s.IsTrusted);
}
