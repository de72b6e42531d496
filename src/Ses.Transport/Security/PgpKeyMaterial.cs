using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Security;
using Ses.Transport.Security.Internal;

namespace Ses.Transport.Security;

/// <summary>
/// OpenPGP keys loaded from ASCII-armored (or binary) data, as <c>gpg --export</c> and
/// <c>gpg --export-secret-keys</c> write them, into memory, without a GnuPG keyring. Secret keys are unlocked once,
/// when loaded, so the passphrase is checked at once and never kept. Immutable and thread-safe;
/// <see cref="ToString"/> names fingerprints and user IDs, never key material.
/// </summary>
public sealed class PgpKeyMaterial
{
    private PgpKeyMaterial(IReadOnlyList<PgpPublicKeyRing> publicRings, IReadOnlyList<PgpSecretKeyRing> secretRings)
    {
        PublicRings = publicRings;
        SecretRings = secretRings;
        Fingerprints = publicRings.Select(r => PgpKeys.Fingerprint(r.GetPublicKey())).ToList();
        UserIds = publicRings.SelectMany(r => r.GetPublicKey().GetUserIds()).ToList();
    }

    /// <summary>The fingerprints of the primary keys, upper-case hex.</summary>
    public IReadOnlyList<string> Fingerprints { get; }

    /// <summary>The user IDs of the primary keys (for example <c>Alice &lt;alice@example.com&gt;</c>).</summary>
    public IReadOnlyList<string> UserIds { get; }

    /// <summary>Whether secret keys are held (needed to sign and to decrypt).</summary>
    public bool HasSecretKey => SecretRings.Count > 0;

    /// <summary>The public key rings (for secret keys, their public halves).</summary>
    internal IReadOnlyList<PgpPublicKeyRing> PublicRings { get; }

    /// <summary>The secret key rings, unlocked in memory.</summary>
    internal IReadOnlyList<PgpSecretKeyRing> SecretRings { get; }

    /// <summary>Loads public keys from armored text (<c>-----BEGIN PGP PUBLIC KEY BLOCK-----</c>).</summary>
    /// <param name="armored">The armored key block(s).</param>
    /// <returns>The key material.</returns>
    /// <exception cref="SecureMessageException"><see cref="SecureMessageFailure.CorruptKeyData"/> when the data cannot be read or holds no key.</exception>
    public static PgpKeyMaterial FromArmoredPublicKey(string armored)
    {
        ArgumentNullException.ThrowIfNull(armored);
        return FromArmoredPublicKey(new MemoryStream(Encoding.ASCII.GetBytes(armored), writable: false));
    }

    /// <summary>Loads public keys from a stream of armored (or binary) key data.</summary>
    /// <param name="stream">The key data; read to its end, not disposed.</param>
    /// <returns>The key material.</returns>
    /// <exception cref="SecureMessageException"><see cref="SecureMessageFailure.CorruptKeyData"/> when the data cannot be read or holds no key.</exception>
    public static PgpKeyMaterial FromArmoredPublicKey(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (publicRings, secretRings) = Read(stream, "public key");
        var all = publicRings.Concat(secretRings.Select(PgpKeys.PublicRingOf)).ToList();
        if (all.Count == 0)
        {
            throw new SecureMessageException(SecureMessageFailure.CorruptKeyData, "The OpenPGP data holds no public key.");
        }

        return new PgpKeyMaterial(all, []);
    }

    /// <summary>Loads public keys from a file of armored (or binary) key data.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The key material.</returns>
    /// <exception cref="SecureMessageException">As <see cref="FromArmoredPublicKey(Stream)"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static PgpKeyMaterial FromArmoredPublicKeyFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return FromArmoredPublicKey(stream);
    }

    /// <summary>Loads and unlocks secret keys from armored text (<c>-----BEGIN PGP PRIVATE KEY BLOCK-----</c>).</summary>
    /// <param name="armored">The armored secret key block(s).</param>
    /// <param name="passphrase">The passphrase protecting the keys (empty for unprotected keys).</param>
    /// <returns>The key material, with the public halves as well.</returns>
    /// <exception cref="SecureMessageException">
    /// <see cref="SecureMessageFailure.WrongPassphrase"/> when the passphrase does not unlock a key,
    /// <see cref="SecureMessageFailure.CorruptKeyData"/> when the data cannot be read or holds no secret key.
    /// </exception>
    public static PgpKeyMaterial FromArmoredSecretKey(string armored, string passphrase)
    {
        ArgumentNullException.ThrowIfNull(armored);
        return FromArmoredSecretKey(new MemoryStream(Encoding.ASCII.GetBytes(armored), writable: false), passphrase);
    }

    /// <summary>Loads and unlocks secret keys from a stream of armored (or binary) key data.</summary>
    /// <param name="stream">The key data; read to its end, not disposed.</param>
    /// <param name="passphrase">The passphrase protecting the keys (empty for unprotected keys).</param>
    /// <returns>The key material, with the public halves as well.</returns>
    /// <exception cref="SecureMessageException">As <see cref="FromArmoredSecretKey(string, string)"/>.</exception>
    public static PgpKeyMaterial FromArmoredSecretKey(Stream stream, string passphrase)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(passphrase);
        var (_, secretRings) = Read(stream, "secret key");
        if (secretRings.Count == 0)
        {
            throw new SecureMessageException(SecureMessageFailure.CorruptKeyData, "The OpenPGP data holds no secret key.");
        }

        var chars = passphrase.ToCharArray();
        try
        {
            var unlocked = secretRings.Select(r => Unlock(r, chars)).ToList();
            return new PgpKeyMaterial(unlocked.Select(PgpKeys.PublicRingOf).ToList(), unlocked);
        }
        finally
        {
            Array.Clear(chars);
        }
    }

    /// <summary>Loads and unlocks secret keys from a file of armored (or binary) key data.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="passphrase">The passphrase protecting the keys (empty for unprotected keys).</param>
    /// <returns>The key material.</returns>
    /// <exception cref="SecureMessageException">As <see cref="FromArmoredSecretKey(string, string)"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static PgpKeyMaterial FromArmoredSecretKeyFile(string path, string passphrase)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return FromArmoredSecretKey(stream, passphrase);
    }

    /// <summary>Names the keys: fingerprints, user IDs, whether secret keys are held (never key material).</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() =>
        $"OpenPGP key(s) {string.Join(", ", Fingerprints)} ({string.Join("; ", UserIds)}); secret key {(HasSecretKey ? "held" : "not held")}";

    private static (List<PgpPublicKeyRing> Public, List<PgpSecretKeyRing> Secret) Read(Stream stream, string what)
    {
        var publicRings = new List<PgpPublicKeyRing>();
        var secretRings = new List<PgpSecretKeyRing>();
        try
        {
            using var decoder = PgpUtilities.GetDecoderStream(stream);
            var factory = new PgpObjectFactory(decoder);
            for (var item = factory.NextPgpObject(); item is not null; item = factory.NextPgpObject())
            {
                switch (item)
                {
                    case PgpPublicKeyRing ring:
                        publicRings.Add(ring);
                        break;
                    case PgpSecretKeyRing ring:
                        secretRings.Add(ring);
                        break;
                }
            }

            // Read to the end so that the armor checksum (RFC 4880 §6.1 CRC-24) is checked.
            Span<byte> rest = stackalloc byte[256];
            while (decoder.Read(rest) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or PgpException or ArgumentException or InvalidOperationException
                                       or InvalidCastException or IndexOutOfRangeException or FormatException or NotSupportedException)
        {
            throw new SecureMessageException(SecureMessageFailure.CorruptKeyData, $"The OpenPGP {what} data cannot be read: it is damaged or not an OpenPGP key.", ex);
        }

        return (publicRings, secretRings);
    }

    private static PgpSecretKeyRing Unlock(PgpSecretKeyRing ring, char[] passphrase)
    {
        var random = new SecureRandom();
        foreach (var key in ring.GetSecretKeys().ToList())
        {
            // A gpg "stub" (the secret part kept elsewhere, e.g. on a smart card) has nothing to unlock.
            if (key.IsPrivateKeyEmpty)
            {
                continue;
            }

            PgpSecretKey open;
            try
            {
                // Re-encoded without protection, in memory only: the costly S2K runs once here, not on every message,
                // and the passphrase need not be kept. GnuPG encodes passphrases as UTF-8.
                open = PgpSecretKey.CopyWithNewPasswordUtf8(key, passphrase, [], SymmetricKeyAlgorithmTag.Null, random);
            }
            catch (PgpException ex)
            {
                throw new SecureMessageException(
                    SecureMessageFailure.WrongPassphrase,
                    $"The passphrase does not unlock OpenPGP key {PgpKeys.Fingerprint(key.PublicKey)}.",
                    ex)
                {
                    Fingerprint = PgpKeys.Fingerprint(key.PublicKey),
                };
            }

            ring = PgpSecretKeyRing.InsertSecretKey(ring, open);
        }

        return ring;
    }
}
