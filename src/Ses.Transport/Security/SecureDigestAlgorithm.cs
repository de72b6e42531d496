namespace Ses.Transport.Security;

/// <summary>The digest a signature is made over. Only SHA-2 is offered: SHA-1 and MD5 are broken for signatures.</summary>
public enum SecureDigestAlgorithm
{
    /// <summary>SHA-256. The default, and what every S/MIME and OpenPGP implementation verifies.</summary>
    Sha256 = 0,

    /// <summary>SHA-384.</summary>
    Sha384 = 1,

    /// <summary>SHA-512.</summary>
    Sha512 = 2,
}
