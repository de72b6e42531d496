namespace Ses.Transport.Security;

/// <summary>Why a message could not be protected, verified or decrypted, or why key material was refused.</summary>
public enum SecureMessageFailure
{
    /// <summary>Another problem, not one of those below.</summary>
    Other = 0,

    /// <summary>The PFX/PKCS#12 password, the encrypted PEM password or the OpenPGP passphrase is wrong.</summary>
    WrongPassphrase = 1,

    /// <summary>The key or certificate data cannot be read (corrupted armor, CRC mismatch, truncated DER, not a key).</summary>
    CorruptKeyData = 2,

    /// <summary>The certificate's validity period has ended.</summary>
    CertificateExpired = 3,

    /// <summary>The certificate's validity period has not started yet.</summary>
    CertificateNotYetValid = 4,

    /// <summary>
    /// The certificate or key does not carry the address it is used for (the signer's From/Sender address), or it
    /// carries no email address at all and so cannot be matched to a recipient.
    /// </summary>
    AddressMismatch = 5,

    /// <summary>
    /// The key may not be used for the operation: no signing or encryption capability (key usage, extended key usage,
    /// OpenPGP key flags), or an algorithm the library does not use for that operation.
    /// </summary>
    KeyNotCapable = 6,

    /// <summary>The OpenPGP key (or every subkey able to do the operation) has been revoked.</summary>
    KeyRevoked = 7,

    /// <summary>The OpenPGP key (or every subkey able to do the operation) has expired.</summary>
    KeyExpired = 8,

    /// <summary>The message has no body, or a body without content.</summary>
    EmptyMessage = 9,

    /// <summary>A recipient (To, Cc or Bcc) has no certificate or public key; <see cref="SecureMessageException.Address"/> names it.</summary>
    MissingRecipientKey = 10,

    /// <summary>The message has no recipient to encrypt to.</summary>
    NoRecipients = 11,

    /// <summary>No signing key (with its private part) was configured for the requested scheme.</summary>
    MissingSignerKey = 12,

    /// <summary>The signed data cannot be read or checked (a malformed signature, not a signature at all).</summary>
    VerificationFailed = 13,

    /// <summary>The encrypted data cannot be decrypted (no matching private key, corrupted data).</summary>
    DecryptionFailed = 14,
}
