namespace Ses.Transport.Security;

/// <summary>What checking a signature found.</summary>
public enum SignatureStatus
{
    /// <summary>The signature does not match the content or the signer's key: the content was changed, or the signature is forged.</summary>
    Invalid = 0,

    /// <summary>The signature matches the content and the signer's key.</summary>
    Valid = 1,

    /// <summary>The signer's certificate or public key is not available, so the signature cannot be checked.</summary>
    UnknownSigner = 2,
}
