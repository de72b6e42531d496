using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Pkcs;
using Ses.Transport.Security.Internal;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ses.Transport.Security;

/// <summary>
/// An S/MIME certificate, with its chain and, for the sender or a reader, its private key; loaded from what users
/// hold (an <see cref="X509Certificate2"/>, a PFX/PKCS#12 file, PEM text) into memory, without an OS key store.
/// Immutable and thread-safe. <see cref="ToString"/> names the certificate, never the key.
/// </summary>
public sealed class SmimeKeyMaterial
{
    private SmimeKeyMaterial(BcCertificate certificate, IReadOnlyList<BcCertificate> chain, AsymmetricKeyParameter? privateKey)
    {
        Certificate = certificate;
        Chain = chain;
        PrivateKey = privateKey;
        Addresses = CertificateFacts.Addresses(certificate);
        Thumbprint = CertificateFacts.Thumbprint(certificate);
    }

    /// <summary>The email addresses the certificate is issued for (subject alternative name rfc822Name, subject emailAddress).</summary>
    public IReadOnlyList<string> Addresses { get; }

    /// <summary>The SHA-1 thumbprint, upper-case hex (as <see cref="X509Certificate2.Thumbprint"/>).</summary>
    public string Thumbprint { get; }

    /// <summary>The subject distinguished name.</summary>
    public string Subject => Certificate.SubjectDN.ToString();

    /// <summary>The start of the validity period (UTC).</summary>
    public DateTimeOffset NotBefore => new(Certificate.NotBefore, TimeSpan.Zero);

    /// <summary>The end of the validity period (UTC).</summary>
    public DateTimeOffset NotAfter => new(Certificate.NotAfter, TimeSpan.Zero);

    /// <summary>Whether the private key is present (needed to sign and to decrypt).</summary>
    public bool HasPrivateKey => PrivateKey is not null;

    internal BcCertificate Certificate { get; }

    /// <summary>The certificate first, then the other certificates given with it (intermediates, root).</summary>
    internal IReadOnlyList<BcCertificate> Chain { get; }

    internal AsymmetricKeyParameter? PrivateKey { get; }

    /// <summary>Uses a certificate, with its private key when it has one.</summary>
    /// <param name="certificate">The certificate; its private key, when present, must be exportable.</param>
    /// <param name="chain">Intermediate certificates to send along with signatures, if any.</param>
    /// <returns>The key material.</returns>
    /// <exception cref="SecureMessageException">The private key cannot be exported (<see cref="SecureMessageFailure.KeyNotCapable"/>).</exception>
    public static SmimeKeyMaterial FromCertificate(X509Certificate2 certificate, X509Certificate2Collection? chain = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var leaf = certificate.AsBouncyCastleCertificate();
        AsymmetricKeyParameter? key = null;
        if (certificate.HasPrivateKey)
        {
            try
            {
                key = certificate.GetPrivateKeyAsAsymmetricKeyParameter();
            }
            catch (Exception ex) when (ex is CryptographicException or NotSupportedException)
            {
                throw new SecureMessageException(
                    SecureMessageFailure.KeyNotCapable,
                    $"The private key of certificate {CertificateFacts.Describe(leaf)} cannot be exported for use in memory; load it from PFX or PEM instead.",
                    ex)
                {
                    Fingerprint = CertificateFacts.Thumbprint(leaf),
                };
            }
        }

        var all = new List<BcCertificate> { leaf };
        if (chain is not null)
        {
            all.AddRange(chain.Select(c => c.AsBouncyCastleCertificate()).Where(c => !c.Equals(leaf)));
        }

        return new SmimeKeyMaterial(leaf, all, key);
    }

    /// <summary>Loads a PFX/PKCS#12 file's content: the certificate with a private key (or, if none has one, the first certificate) and its chain.</summary>
    /// <param name="data">The PKCS#12 bytes.</param>
    /// <param name="password">The password protecting the file (empty when it has none).</param>
    /// <returns>The key material.</returns>
    /// <exception cref="SecureMessageException">
    /// <see cref="SecureMessageFailure.WrongPassphrase"/> when the password is wrong, <see cref="SecureMessageFailure.CorruptKeyData"/>
    /// when the data is not PKCS#12 or holds no certificate.
    /// </exception>
    public static SmimeKeyMaterial FromPkcs12(byte[] data, string password)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(password);

        try
        {
            // Parse the structure first, so that a damaged file is told apart from a wrong password (the MAC check).
            Pfx.GetInstance(Asn1Object.FromByteArray(data));
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidCastException or InvalidOperationException)
        {
            throw new SecureMessageException(SecureMessageFailure.CorruptKeyData, "The PKCS#12 (PFX) data cannot be read: it is damaged or not PKCS#12.", ex);
        }

        var store = new Pkcs12StoreBuilder().Build();
        var chars = password.ToCharArray();
        try
        {
            store.Load(new MemoryStream(data, writable: false), chars);
        }
        catch (Exception ex) when (ex is IOException or Org.BouncyCastle.Security.GeneralSecurityException or InvalidCastException or ArgumentException or InvalidOperationException)
        {
            throw new SecureMessageException(SecureMessageFailure.WrongPassphrase, "The PKCS#12 (PFX) password is wrong.", ex);
        }
        finally
        {
            Array.Clear(chars);
        }

        foreach (var alias in store.Aliases)
        {
            if (store.IsKeyEntry(alias))
            {
                var chain = store.GetCertificateChain(alias)?.Select(e => e.Certificate).ToList();
                if (chain is { Count: > 0 })
                {
                    return new SmimeKeyMaterial(chain[0], chain, store.GetKey(alias).Key);
                }
            }
        }

        var certificates = store.Aliases.Where(store.IsCertificateEntry).Select(a => store.GetCertificate(a).Certificate).ToList();
        if (certificates.Count == 0)
        {
            throw new SecureMessageException(SecureMessageFailure.CorruptKeyData, "The PKCS#12 (PFX) data holds no certificate.");
        }

        return new SmimeKeyMaterial(certificates[0], certificates, null);
    }

    /// <summary>Loads a PFX/PKCS#12 file.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="password">The password protecting the file (empty when it has none).</param>
    /// <returns>The key material.</returns>
    /// <exception cref="SecureMessageException">As <see cref="FromPkcs12(byte[], string)"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static SmimeKeyMaterial FromPkcs12File(string path, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FromPkcs12(File.ReadAllBytes(path), password);
    }

    /// <summary>
    /// Loads PEM text: one or more certificates (the first is the holder's, the others its chain) and, optionally,
    /// the private key (PKCS#8, PKCS#1 or SEC1; <c>ENCRYPTED PRIVATE KEY</c> with <paramref name="password"/>).
    /// </summary>
    /// <param name="certificatePem">The certificate(s), PEM.</param>
    /// <param name="privateKeyPem">The private key, PEM, or <see langword="null"/> for a certificate alone.</param>
    /// <param name="password">The password of an encrypted private key, or <see langword="null"/>.</param>
    /// <returns>The key material.</returns>
    /// <exception cref="SecureMessageException">
    /// <see cref="SecureMessageFailure.WrongPassphrase"/> when the key password is wrong or missing,
    /// <see cref="SecureMessageFailure.CorruptKeyData"/> when the PEM cannot be read or the key does not belong to the certificate.
    /// </exception>
    public static SmimeKeyMaterial FromPem(string certificatePem, string? privateKeyPem = null, string? password = null)
    {
        ArgumentNullException.ThrowIfNull(certificatePem);
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(certificatePem);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new SecureMessageException(SecureMessageFailure.CorruptKeyData, "The certificate PEM cannot be read.", ex);
        }

        if (collection.Count == 0)
        {
            throw new SecureMessageException(SecureMessageFailure.CorruptKeyData, "The certificate PEM holds no certificate.");
        }

        try
        {
            var rest = new X509Certificate2Collection();
            for (var i = 1; i < collection.Count; i++)
            {
                rest.Add(collection[i]);
            }

            if (privateKeyPem is null)
            {
                return FromCertificate(collection[0], rest);
            }

            using var withKey = AttachPemKey(collection[0], privateKeyPem, password);
            return FromCertificate(withKey, rest);
        }
        finally
        {
            foreach (var certificate in collection)
            {
                certificate.Dispose();
            }
        }
    }

    /// <summary>Loads PEM files; see <see cref="FromPem(string, string?, string?)"/>.</summary>
    /// <param name="certificatePath">The certificate(s) file.</param>
    /// <param name="privateKeyPath">The private key file, or <see langword="null"/>.</param>
    /// <param name="password">The password of an encrypted private key, or <see langword="null"/>.</param>
    /// <returns>The key material.</returns>
    /// <exception cref="SecureMessageException">As <see cref="FromPem(string, string?, string?)"/>.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static SmimeKeyMaterial FromPemFiles(string certificatePath, string? privateKeyPath = null, string? password = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificatePath);
        return FromPem(
            File.ReadAllText(certificatePath),
            privateKeyPath is null ? null : File.ReadAllText(privateKeyPath),
            password);
    }

    /// <summary>Names the certificate: subject, thumbprint, addresses, whether a private key is held (never the key).</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() =>
        $"S/MIME certificate {Subject} ({Thumbprint}) for {string.Join(", ", Addresses)}; private key {(HasPrivateKey ? "held" : "not held")}";

    private static X509Certificate2 AttachPemKey(X509Certificate2 certificate, string privateKeyPem, string? password)
    {
        if (!PemEncoding.TryFind(privateKeyPem, out var fields))
        {
            throw new SecureMessageException(SecureMessageFailure.CorruptKeyData, "The private key PEM cannot be read: no PEM block found.");
        }

        var label = privateKeyPem[fields.Label];
        var encrypted = label == "ENCRYPTED PRIVATE KEY";
        if (encrypted && password is null)
        {
            throw new SecureMessageException(SecureMessageFailure.WrongPassphrase, "The private key PEM is encrypted and no password was given.");
        }

        if (encrypted)
        {
            // Only a well-formed EncryptedPrivateKeyInfo can fail for the password's sake; anything else is damage.
            try
            {
                var der = Convert.FromBase64String(privateKeyPem[fields.Base64Data]);
                EncryptedPrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(der));
            }
            catch (Exception ex) when (ex is FormatException or IOException or ArgumentException or InvalidCastException)
            {
                throw new SecureMessageException(SecureMessageFailure.CorruptKeyData, "The encrypted private key PEM cannot be read: it is damaged.", ex);
            }
        }

        AsymmetricAlgorithm key;
        switch (certificate.GetKeyAlgorithm())
        {
            case "1.2.840.113549.1.1.1":
                key = RSA.Create();
                break;
            case "1.2.840.10045.2.1":
                key = ECDsa.Create();
                break;
            default:
                throw new SecureMessageException(
                    SecureMessageFailure.KeyNotCapable,
                    $"The certificate's key algorithm ({certificate.GetKeyAlgorithm()}) is not supported; use RSA or EC.");
        }

        using (key)
        {
            try
            {
                if (encrypted)
                {
                    key.ImportFromEncryptedPem(privateKeyPem, password);
                }
                else
                {
                    key.ImportFromPem(privateKeyPem);
                }
            }
            catch (CryptographicException ex) when (encrypted)
            {
                throw new SecureMessageException(SecureMessageFailure.WrongPassphrase, "The private key password is wrong.", ex);
            }
            catch (Exception ex) when (ex is CryptographicException or ArgumentException)
            {
                throw new SecureMessageException(SecureMessageFailure.CorruptKeyData, "The private key PEM cannot be read, or is not a key of the certificate's algorithm.", ex);
            }

            try
            {
                return key switch
                {
                    RSA rsa => certificate.CopyWithPrivateKey(rsa),
                    ECDsa ec => certificate.CopyWithPrivateKey(ec),
                    _ => throw new UnreachableException(),
                };
            }
            catch (Exception ex) when (ex is CryptographicException or ArgumentException)
            {
                throw new SecureMessageException(
                    SecureMessageFailure.CorruptKeyData,
                    $"The private key does not belong to certificate {certificate.Subject} ({certificate.Thumbprint}).",
                    ex)
                {
                    Fingerprint = certificate.Thumbprint,
                };
            }
        }
    }
}
