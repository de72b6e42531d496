using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Parameters;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ses.Transport.Security.Internal;

/// <summary>What the S/MIME layer needs to know about an X.509 certificate: its addresses, validity and uses.</summary>
internal static class CertificateFacts
{
    // RFC 5280 §4.2.1.12: id-kp-emailProtection, and anyExtendedKeyUsage which allows every use.
    private const string EmailProtectionOid = "1.3.6.1.5.5.7.3.4";
    private const string AnyExtendedKeyUsageOid = "2.5.29.37.0";

    // RFC 5280 §4.2.1.3 key usage bits.
    private const int DigitalSignatureBit = 0;
    private const int NonRepudiationBit = 1;
    private const int KeyEnciphermentBit = 2;

    /// <summary>
    /// The email addresses a certificate is issued for: the rfc822Name entries of the subject alternative name
    /// (RFC 8550 §3) and, for older certificates, the emailAddress attribute of the subject.
    /// </summary>
    public static IReadOnlyList<string> Addresses(BcCertificate certificate)
    {
        var addresses = new List<string>();
        var names = certificate.GetSubjectAlternativeNames();
        if (names is not null)
        {
            foreach (var name in names)
            {
                if (name.Count == 2 && name[0] is int tag && tag == GeneralName.Rfc822Name && name[1] is string address)
                {
                    Add(addresses, address);
                }
            }
        }

        foreach (var address in certificate.SubjectDN.GetValueList(X509Name.EmailAddress))
        {
            Add(addresses, address);
        }

        return addresses;
    }

    /// <summary>Whether <paramref name="address"/> is one of the certificate's addresses (case-insensitive, as mail systems compare them).</summary>
    public static bool HasAddress(IReadOnlyList<string> addresses, string address) =>
        addresses.Any(a => string.Equals(a, address, StringComparison.OrdinalIgnoreCase));

    /// <summary>SHA-1 thumbprint in upper-case hex, the form Windows and <c>X509Certificate2.Thumbprint</c> show.</summary>
    public static string Thumbprint(BcCertificate certificate) =>
        Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(certificate.GetEncoded()));

    /// <summary>Throws unless the certificate is valid at <paramref name="now"/>.</summary>
    public static void EnsureValidAt(BcCertificate certificate, DateTimeOffset now, string role, string? address)
    {
        if (now.UtcDateTime < certificate.NotBefore)
        {
            throw new SecureMessageException(
                SecureMessageFailure.CertificateNotYetValid,
                $"The {role} certificate {Describe(certificate)} is not valid before {certificate.NotBefore:u}.")
            {
                Address = address,
                Fingerprint = Thumbprint(certificate),
            };
        }

        if (now.UtcDateTime > certificate.NotAfter)
        {
            throw new SecureMessageException(
                SecureMessageFailure.CertificateExpired,
                $"The {role} certificate {Describe(certificate)} expired at {certificate.NotAfter:u}.")
            {
                Address = address,
                Fingerprint = Thumbprint(certificate),
            };
        }
    }

    /// <summary>Throws unless the certificate may sign email (key usage, extended key usage).</summary>
    public static void EnsureCanSign(BcCertificate certificate, string? address)
    {
        var usage = certificate.GetKeyUsage();
        if (usage is not null && !usage[DigitalSignatureBit] && !usage[NonRepudiationBit])
        {
            throw NotCapable(certificate, address, "its key usage allows neither digitalSignature nor nonRepudiation");
        }

        EnsureEmailProtection(certificate, address);
    }

    /// <summary>Whether the certificate may sign email (the check of <see cref="EnsureCanSign"/>, as a value).</summary>
    public static bool AllowsSigning(BcCertificate certificate)
    {
        try
        {
            EnsureCanSign(certificate, null);
            return true;
        }
        catch (SecureMessageException)
        {
            return false;
        }
    }

    /// <summary>
    /// Throws unless the certificate may receive encrypted email. Only RSA key transport is used: BouncyCastle's
    /// ECDH key agreement output is not readable by OpenSSL (bc-csharp issue 697: the key-wrap algorithm identifier
    /// in the KDF input carries a NULL parameter), so a message encrypted to an EC certificate would reach a
    /// recipient who cannot open it.
    /// </summary>
    public static void EnsureCanEncrypt(BcCertificate certificate, string? address)
    {
        if (certificate.GetPublicKey() is not RsaKeyParameters)
        {
            throw NotCapable(
                certificate,
                address,
                "only RSA certificates are used for S/MIME encryption (ECDH key agreement as produced by BouncyCastle is not interoperable with OpenSSL-based clients)");
        }

        var usage = certificate.GetKeyUsage();
        if (usage is not null && !usage[KeyEnciphermentBit])
        {
            throw NotCapable(certificate, address, "its key usage does not allow keyEncipherment");
        }

        EnsureEmailProtection(certificate, address);
    }

    /// <summary>A short, secret-free description: subject and thumbprint.</summary>
    public static string Describe(BcCertificate certificate) =>
        $"'{certificate.SubjectDN}' ({Thumbprint(certificate)})";

    private static void EnsureEmailProtection(BcCertificate certificate, string? address)
    {
        IList<DerObjectIdentifier>? purposes;
        try
        {
            purposes = certificate.GetExtendedKeyUsage();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or Org.BouncyCastle.Security.Certificates.CertificateParsingException)
        {
            throw new SecureMessageException(
                SecureMessageFailure.CorruptKeyData,
                $"The extended key usage of certificate {Describe(certificate)} cannot be read.",
                ex);
        }

        if (purposes is not null && purposes.Count > 0
            && !purposes.Any(p => p.Id is EmailProtectionOid or AnyExtendedKeyUsageOid))
        {
            throw NotCapable(certificate, address, "its extended key usage does not include emailProtection (1.3.6.1.5.5.7.3.4)");
        }
    }

    private static SecureMessageException NotCapable(BcCertificate certificate, string? address, string reason) =>
        new(SecureMessageFailure.KeyNotCapable, $"The certificate {Describe(certificate)} cannot be used: {reason}.")
        {
            Address = address,
            Fingerprint = Thumbprint(certificate),
        };

    private static void Add(List<string> addresses, string address)
    {
        var trimmed = address.Trim();
        if (trimmed.Length > 0 && !HasAddress(addresses, trimmed))
        {
            addresses.Add(trimmed);
        }
    }
}
