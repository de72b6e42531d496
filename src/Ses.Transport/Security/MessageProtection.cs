namespace Ses.Transport.Security;

/// <summary>What <see cref="SecureMessageBuilder"/> does to a message. Combine the flags.</summary>
[Flags]
public enum MessageProtection
{
    /// <summary>Nothing; not accepted by the builder.</summary>
    None = 0,

    /// <summary>Sign with the sender's key, so the recipient can tell who wrote it and that nobody changed it.</summary>
    Sign = 1,

    /// <summary>Encrypt to every recipient (To, Cc, Bcc), so only they can read it.</summary>
    Encrypt = 2,

    /// <summary>Sign, then encrypt the signed content.</summary>
    SignAndEncrypt = Sign | Encrypt,

    /// <summary>
    /// Attach the sender's public key inside the protected content: an <c>application/pgp-keys</c> part for PGP, an
    /// <c>application/pkcs7-mime; smime-type=certs-only</c> part with the certificate chain for S/MIME.
    /// </summary>
    AttachPublicKey = 4,
}
