using System.Security.Cryptography;
using System.Text;
using MimeKit.Cryptography;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Bcpg.Sig;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Ses.Transport.Tests.Security;

/// <summary>An armored OpenPGP key pair made for a test.</summary>
/// <param name="UserId">The user ID.</param>
/// <param name="PublicArmor">The armored public key block.</param>
/// <param name="SecretArmor">The armored secret key block, protected by <paramref name="Passphrase"/>.</param>
/// <param name="Passphrase">The passphrase.</param>
/// <param name="Fingerprint">The primary key fingerprint, upper-case hex.</param>
public sealed record PgpTestKey(string UserId, string PublicArmor, string SecretArmor, string Passphrase, string Fingerprint);

/// <summary>
/// OpenPGP keys generated with BouncyCastle: a primary key flagged certify+sign and an encryption subkey flagged
/// encrypt-communications+storage, RSA or EC (ECDSA/ECDH P-256), optionally expired, revoked or without encryption.
/// </summary>
public static class PgpTestKeys
{
    /// <summary>What to make.</summary>
    public enum Kind
    {
        Rsa,
        Ec,
    }

    /// <summary>Generates a key pair.</summary>
    public static PgpTestKey Generate(
        string userId,
        string passphrase,
        Kind kind = Kind.Rsa,
        DateTime? created = null,
        long expiresAfterSeconds = 0,
        bool encryptionSubkey = true,
        bool revoked = false,
        bool signingFlag = true,
        bool unprotected = false)
    {
        var random = new SecureRandom();
        var time = created ?? DateTime.UtcNow.AddMinutes(-10);
        var (masterAlgorithm, masterKeys) = kind == Kind.Rsa ? (PublicKeyAlgorithmTag.RsaGeneral, Rsa()) : (PublicKeyAlgorithmTag.ECDsa, Ec("ECDSA", random));
        var master = new PgpKeyPair(masterAlgorithm, masterKeys, time);

        var hashed = new PgpSignatureSubpacketGenerator();
        hashed.SetKeyFlags(false, KeyFlags.CertifyOther | (signingFlag ? KeyFlags.SignData : 0));
        hashed.SetPreferredSymmetricAlgorithms(false, [(int)SymmetricKeyAlgorithmTag.Aes256, (int)SymmetricKeyAlgorithmTag.Aes128]);
        hashed.SetPreferredHashAlgorithms(false, [(int)HashAlgorithmTag.Sha256, (int)HashAlgorithmTag.Sha512]);
        if (expiresAfterSeconds > 0)
        {
            hashed.SetKeyExpirationTime(false, expiresAfterSeconds);
        }

        var generator = new PgpKeyRingGenerator(
            PgpSignature.PositiveCertification,
            master,
            userId,
            unprotected ? SymmetricKeyAlgorithmTag.Null : SymmetricKeyAlgorithmTag.Aes256,
            HashAlgorithmTag.Sha256,
            passphrase.ToCharArray(),
            true,
            hashed.Generate(),
            null,
            random);

        if (encryptionSubkey)
        {
            var (subAlgorithm, subKeys) = kind == Kind.Rsa ? (PublicKeyAlgorithmTag.RsaGeneral, Rsa()) : (PublicKeyAlgorithmTag.ECDH, Ec("ECDH", random));
            var subHashed = new PgpSignatureSubpacketGenerator();
            subHashed.SetKeyFlags(false, KeyFlags.EncryptComms | KeyFlags.EncryptStorage);
            if (expiresAfterSeconds > 0)
            {
                subHashed.SetKeyExpirationTime(false, expiresAfterSeconds);
            }

            generator.AddSubKey(new PgpKeyPair(subAlgorithm, subKeys, time), subHashed.Generate(), null, HashAlgorithmTag.Sha256);
        }

        var secretRing = generator.GenerateSecretKeyRing();
        var publicRing = generator.GeneratePublicKeyRing();

        if (revoked)
        {
            var signer = new PgpSignatureGenerator(masterAlgorithm, HashAlgorithmTag.Sha256);
            signer.InitSign(PgpSignature.KeyRevocation, master.PrivateKey);
            var revocation = signer.GenerateCertification(publicRing.GetPublicKey());
            var revokedKey = PgpPublicKey.AddCertification(publicRing.GetPublicKey(), revocation);
            publicRing = PgpPublicKeyRing.InsertPublicKey(publicRing, revokedKey);
            secretRing = PgpSecretKeyRing.ReplacePublicKeys(secretRing, publicRing);
        }

        return new PgpTestKey(
            userId,
            Armor(publicRing.Encode),
            Armor(secretRing.Encode),
            passphrase,
            Convert.ToHexString(publicRing.GetPublicKey().GetFingerprint()));
    }

    private static AsymmetricCipherKeyPair Rsa()
    {
        // The platform generates RSA keys much faster than a managed generator.
        using var rsa = RSA.Create(2048);
        return rsa.AsAsymmetricCipherKeyPair();
    }

    private static AsymmetricCipherKeyPair Ec(string algorithm, SecureRandom random)
    {
        var generator = new ECKeyPairGenerator(algorithm);
        generator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        return generator.GenerateKeyPair();
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
