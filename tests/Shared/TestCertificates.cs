using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ses.Transport.Tests.Shared;

/// <summary>Certificates generated for loopback servers: a test CA and server certificates it issues.</summary>
public static class TestCertificates
{
    private static readonly Lazy<X509Certificate2> SharedAuthority = new(() => CreateAuthority("Ses.Transport Test CA"));
    private static readonly Lazy<X509Certificate2> SharedLocalhost = new(() => IssueServer(Authority, "localhost"));

    /// <summary>A CA shared by the test run.</summary>
    public static X509Certificate2 Authority => SharedAuthority.Value;

    /// <summary>A server certificate for <c>localhost</c> and <c>127.0.0.1</c>, issued by <see cref="Authority"/>.</summary>
    public static X509Certificate2 Localhost => SharedLocalhost.Value;

    /// <summary>Creates a self-signed CA certificate with its private key.</summary>
    public static X509Certificate2 CreateAuthority(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return Exportable(cert);
    }

    /// <summary>
    /// Issues a TLS server certificate for <paramref name="host"/> (and 127.0.0.1), valid from
    /// <paramref name="notBefore"/> to <paramref name="notAfter"/> (default: yesterday to in 30 days).
    /// </summary>
    public static X509Certificate2 IssueServer(X509Certificate2 authority, string host, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        ArgumentNullException.ThrowIfNull(authority);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(host);
        if (host == "localhost")
        {
            san.AddIpAddress(IPAddress.Loopback);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

        var from = notBefore ?? DateTimeOffset.UtcNow.AddDays(-1);
        // The default must not outlive the CA (made with the same 30 days, possibly a second earlier).
        var to = notAfter ?? new DateTimeOffset(authority.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(authority, from, to, serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return Exportable(withKey);
    }

    /// <summary>Writes the certificate (PEM) and its private key (PKCS#8 PEM) to files, for peers such as Node or openssl.</summary>
    public static (string CertPath, string KeyPath) WritePem(X509Certificate2 certificate, string directory)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Directory.CreateDirectory(directory);
        var name = certificate.Thumbprint[..12];
        var certPath = Path.Combine(directory, name + ".crt.pem");
        var keyPath = Path.Combine(directory, name + ".key.pem");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is not null)
        {
            File.WriteAllText(keyPath, rsa.ExportPkcs8PrivateKeyPem());
        }

        return (certPath, keyPath);
    }

    // Round-trip through PKCS#12 so the key is usable by SslStream on Linux.
    private static X509Certificate2 Exportable(X509Certificate2 cert) =>
        X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
}
