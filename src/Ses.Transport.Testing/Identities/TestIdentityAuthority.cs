using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Bcpg.Sig;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Ses.Transport.Security;
using Ses.Transport.Testing.Internal;

namespace Ses.Transport.Testing.Identities;

/// <summary>
/// Issues <see cref="TestIdentity"/>s for tests and demos: a generated certificate authority for S/MIME (trust it with
/// <see cref="Certificate"/>), and OpenPGP keys (RSA 2048 primary key for signing, RSA subkey for encryption, AES-256
/// preferred). Keys are made in memory on the fly; nothing touches a key store.
/// </summary>
public sealed class TestIdentityAuthority : IDisposable
{
    /// <summary>Creates a new authority with a fresh CA key.</summary>
    /// <param name="name">The CA's common name.</param>
    public TestIdentityAuthority(string name = "Ses.Transport Test Identities CA")
    {
        using var key = RSA.Create(2048);
        var now = DateTimeOffset.UtcNow;
        Certificate = CertificateIssuer.CreateAuthority(key, $"CN={name}", now.AddDays(-1), now.AddDays(30));
    }

    /// <summary>The CA certificate (with its private key); add it to a reader's trust anchors.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Issues an S/MIME certificate and an OpenPGP key pair for <paramref name="address"/>.</summary>
    /// <param name="address">The email address.</param>
    /// <returns>The identity.</returns>
    public TestIdentity Issue(string address)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        var certificate = IssueCertificate(address);
        var chain = new X509Certificate2Collection { X509CertificateLoader.LoadCertificate(Certificate.RawData) };
        var smime = SmimeKeyMaterial.FromCertificate(certificate, chain);
        var smimePublic = SmimeKeyMaterial.FromCertificate(X509CertificateLoader.LoadCertificate(certificate.RawData));

        var passphrase = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        var (publicArmor, secretArmor) = GeneratePgp(address, passphrase);
        var pgp = PgpKeyMaterial.FromArmoredSecretKey(secretArmor, passphrase);
        var pgpPublic = PgpKeyMaterial.FromArmoredPublicKey(publicArmor);
        return new TestIdentity(address, certificate, smime, smimePublic, pgp, pgpPublic, publicArmor);
    }

    /// <inheritdoc />
    public void Dispose() => Certificate.Dispose();

    private X509Certificate2 IssueCertificate(string address)
    {
        using var key = RSA.Create(2048);
        var san = new SubjectAlternativeNameBuilder();
        san.AddEmailAddress(address);
        var now = DateTimeOffset.UtcNow;
        var authorityNotAfter = new DateTimeOffset(Certificate.NotAfter.ToUniversalTime());
        var notAfter = authorityNotAfter < now.AddDays(20) ? authorityNotAfter : now.AddDays(20);
        return CertificateIssuer.Issue(
            Certificate,
            key,
            $"CN={address}",
            san,
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation | X509KeyUsageFlags.KeyEncipherment,
            CertificateIssuer.EmailProtection,
            now.AddDays(-1),
            notAfter);
    }

    private static (string PublicArmor, string SecretArmor) GeneratePgp(string address, string passphrase)
    {
        var random = new SecureRandom();
        var time = DateTime.UtcNow.AddMinutes(-1);
        var master = new PgpKeyPair(PublicKeyAlgorithmTag.RsaGeneral, Rsa(), time);
        var hashed = new PgpSignatureSubpacketGenerator();
        hashed.SetKeyFlags(false, KeyFlags.CertifyOther | KeyFlags.SignData);
        hashed.SetPreferredSymmetricAlgorithms(false, [(int)SymmetricKeyAlgorithmTag.Aes256]);
        hashed.SetPreferredHashAlgorithms(false, [(int)HashAlgorithmTag.Sha256]);
        var generator = new PgpKeyRingGenerator(
            PgpSignature.PositiveCertification, master, $"<{address}>", SymmetricKeyAlgorithmTag.Aes256, HashAlgorithmTag.Sha256,
            passphrase.ToCharArray(), true, hashed.Generate(), null, random);

        var subHashed = new PgpSignatureSubpacketGenerator();
        subHashed.SetKeyFlags(false, KeyFlags.EncryptComms | KeyFlags.EncryptStorage);
        generator.AddSubKey(new PgpKeyPair(PublicKeyAlgorithmTag.RsaGeneral, Rsa(), time), subHashed.Generate(), null, HashAlgorithmTag.Sha256);
        return (Armor(generator.GeneratePublicKeyRing().Encode), Armor(generator.GenerateSecretKeyRing().Encode));
    }

    private static AsymmetricCipherKeyPair Rsa()
    {
        using var rsa = RSA.Create(2048);
        return DotNetUtilities.GetRsaKeyPair(rsa);
    }

    private static string Armor(Action<Stream> encode)
    {
        using var buffer = new MemoryStream();
        using (var armored = new ArmoredOutputStream(buffer))
        {
            encode(armored);
        }

        return Encoding.ASCII.GetString(buffer.ToArray());
    }
}
