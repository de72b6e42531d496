namespace Ses.Transport.Security;

/// <summary>The end-to-end protection standard.</summary>
public enum ProtectionScheme
{
    /// <summary>S/MIME (RFC 8551): X.509 certificates, CMS; <c>application/pkcs7-mime</c> and <c>application/pkcs7-signature</c>.</summary>
    SMime = 1,

    /// <summary>PGP/MIME (RFC 3156): OpenPGP keys; <c>application/pgp-encrypted</c>, <c>application/pgp-signature</c>, <c>application/pgp-keys</c>.</summary>
    Pgp = 2,
}
