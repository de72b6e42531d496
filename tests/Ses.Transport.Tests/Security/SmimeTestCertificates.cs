using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ses.Transport.Tests.Security;

/// <summary>Generated S/MIME certificates: RSA or EC, with the email SAN and the emailProtection EKU, issued by a test CA.</summary>
public static class SmimeTestCertificates
{
    /// <summary>id-kp-emailProtection.</summary>
    public const string EmailProtection = "1.3.6.1.5.5.7.3.4";

    /// <summary>id-kp-serverAuth.</summary>
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    /// <summary>Issues an end-entity certificate with its private key.</summary>
    public static X509Certificate2 Issue(
        X509Certificate2 authority,
        string commonName,
        string? email,
        bool ec = false,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null,
        X509KeyUsageFlags? keyUsage = null,
        string extendedKeyUsage = EmailProtection)
    {
        ArgumentNullException.ThrowIfNull(authority);
        using var rsa = ec ? null : RSA.Create(2048);
        using var ecdsa = ec ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : null;
        var request = ec
            ? new CertificateRequest($"CN={commonName}", ecdsa!, HashAlgorithmName.SHA256)
            : new CertificateRequest($"CN={commonName}", rsa!, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (email is not null)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddEmailAddress(email);
            request.CertificateExtensions.Add(san.Build());
        }

        var usage = keyUsage ?? (ec
            ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation | X509KeyUsageFlags.KeyAgreement
            : X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation | X509KeyUsageFlags.KeyEncipherment);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(extendedKeyUsage)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        // The CA is RSA; an EC request needs the CA's signature generator rather than the certificate overload.
        using var authorityKey = authority.GetRSAPrivateKey() ?? throw new InvalidOperationException("The CA has no RSA key.");
        using var issued = request.Create(
            authority.SubjectName,
            X509SignatureGenerator.CreateForRSA(authorityKey, RSASignaturePadding.Pkcs1),
            notBefore ?? DateTimeOffset.UtcNow.AddDays(-1),
            notAfter ?? DateTimeOffset.UtcNow.AddDays(20),
            serial);
        using var withKey = ec ? issued.CopyWithPrivateKey(ecdsa!) : issued.CopyWithPrivateKey(rsa!);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
    }

    /// <summary>The certificate's private key as PKCS#8 PEM.</summary>
    public static string PrivateKeyPem(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is not null)
        {
            return rsa.ExportPkcs8PrivateKeyPem();
        }

        using var ec = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("No private key.");
        return ec.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>The certificate's private key as encrypted PKCS#8 PEM.</summary>
    public static string EncryptedPrivateKeyPem(X509Certificate2 certificate, string password)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var parameters = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000);
        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is not null)
        {
            return rsa.ExportEncryptedPkcs8PrivateKeyPem(password, parameters);
        }

        using var ec = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("No private key.");
        return ec.ExportEncryptedPkcs8PrivateKeyPem(password, parameters);
    }
}
