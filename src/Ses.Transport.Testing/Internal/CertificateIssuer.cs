using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ses.Transport.Testing.Internal;

/// <summary>
/// Makes the generated certificates of this package: a self-signed CA, and end-entity certificates it issues
/// (TLS server certificates for the sandbox, S/MIME certificates for test identities). Every certificate comes back
/// with an exportable private key, through a PKCS#12 round trip whose bytes are wiped afterwards.
/// </summary>
internal static class CertificateIssuer
{
    /// <summary>Extended key usage for TLS server authentication.</summary>
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>Extended key usage for email protection (S/MIME).</summary>
    public const string EmailProtection = "1.3.6.1.5.5.7.3.4";

    /// <summary>A self-signed CA for <paramref name="key"/> (RSA or ECDSA) that may only issue end-entity certificates.</summary>
    public static X509Certificate2 CreateAuthority(AsymmetricAlgorithm key, string subject, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = Request(subject, key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var created = request.CreateSelfSigned(notBefore, notAfter);
        return Exportable(created);
    }

    /// <summary>An end-entity certificate for <paramref name="key"/> (RSA or ECDSA), signed by <paramref name="authority"/>, with a random serial.</summary>
    public static X509Certificate2 Issue(
        X509Certificate2 authority,
        AsymmetricAlgorithm key,
        string subject,
        SubjectAlternativeNameBuilder alternativeNames,
        X509KeyUsageFlags usage,
        string extendedUsage,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter)
    {
        var request = Request(subject, key);
        request.CertificateExtensions.Add(alternativeNames.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(extendedUsage)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(authority, notBefore, notAfter, serial);
        using var withKey = key switch
        {
            RSA rsa => issued.CopyWithPrivateKey(rsa),
            ECDsa ecdsa => issued.CopyWithPrivateKey(ecdsa),
            _ => throw new ArgumentException("Only RSA and ECDSA keys are supported.", nameof(key)),
        };
        return Exportable(withKey);
    }

    private static CertificateRequest Request(string subject, AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        ECDsa ecdsa => new CertificateRequest(subject, ecdsa, HashAlgorithmName.SHA256),
        _ => throw new ArgumentException("Only RSA and ECDSA keys are supported.", nameof(key)),
    };

    // A PKCS#12 round trip gives a key SslStream can use on every platform (an ephemeral key cannot be on Windows).
    private static X509Certificate2 Exportable(X509Certificate2 cert)
    {
        var pfx = cert.Export(X509ContentType.Pkcs12);
        try
        {
            return X509CertificateLoader.LoadPkcs12(pfx, null, X509KeyStorageFlags.Exportable);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pfx);
        }
    }
}
