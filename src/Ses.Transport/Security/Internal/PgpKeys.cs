using MimeKit;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Bcpg.Sig;

namespace Ses.Transport.Security.Internal;

/// <summary>
/// OpenPGP key facts the library decides on: which user IDs a key carries, what its self-signatures allow it to do
/// (key flags, RFC 4880 §5.2.3.21), and whether it is revoked or expired. BouncyCastle's
/// <see cref="PgpPublicKey.IsEncryptionKey"/> looks only at the algorithm, so the flags are read here.
/// </summary>
internal static class PgpKeys
{
    private const int EncryptFlags = KeyFlags.EncryptComms | KeyFlags.EncryptStorage;

    /// <summary>Why a key cannot be used, or that it can.</summary>
    public enum KeyState
    {
        Usable,
        Revoked,
        Expired,
        NotYetValid,
    }

    /// <summary>Upper-case hex fingerprint of a key.</summary>
    public static string Fingerprint(PgpPublicKey key) => Convert.ToHexString(key.GetFingerprint());

    /// <summary>Whether one of the primary key's user IDs carries <paramref name="address"/>.</summary>
    public static bool HasAddress(PgpPublicKey master, string address) =>
        Addresses(master).Any(a => string.Equals(a, address, StringComparison.OrdinalIgnoreCase));

    /// <summary>The email addresses in the primary key's user IDs (<c>Name &lt;addr&gt;</c> or a bare address).</summary>
    public static IEnumerable<string> Addresses(PgpPublicKey master)
    {
        foreach (var userId in master.GetUserIds())
        {
            if (MailboxAddress.TryParse(userId, out var mailbox) && mailbox.Address.Contains('@', StringComparison.Ordinal))
            {
                yield return mailbox.Address;
            }
        }
    }

    /// <summary>The public part of a secret key ring, as a public key ring.</summary>
    public static PgpPublicKeyRing PublicRingOf(PgpSecretKeyRing secretRing)
    {
        using var buffer = new MemoryStream();
        foreach (var key in secretRing.GetPublicKeys())
        {
            key.Encode(buffer);
        }

        return new PgpPublicKeyRing(buffer.ToArray());
    }

    /// <summary>Whether <paramref name="key"/> (the primary key or a subkey of <paramref name="master"/>) may sign data.</summary>
    public static bool CanSign(PgpPublicKey key, PgpPublicKey master) =>
        Flags(key, master) is { } flags
            ? (flags & KeyFlags.SignData) != 0
            : key.Algorithm is PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaSign or PublicKeyAlgorithmTag.Dsa
                or PublicKeyAlgorithmTag.ECDsa or PublicKeyAlgorithmTag.EdDsa_Legacy or PublicKeyAlgorithmTag.Ed25519 or PublicKeyAlgorithmTag.Ed448;

    /// <summary>Whether <paramref name="key"/> may encrypt communications or storage.</summary>
    public static bool CanEncrypt(PgpPublicKey key, PgpPublicKey master) =>
        key.IsEncryptionKey && (Flags(key, master) is not { } flags || (flags & EncryptFlags) != 0);

    /// <summary>Whether the key, judged with its primary key, is usable at <paramref name="now"/>.</summary>
    public static KeyState State(PgpPublicKey key, PgpPublicKey master, DateTimeOffset now)
    {
        var own = OwnState(master, master, now);
        if (own != KeyState.Usable || key.KeyId == master.KeyId)
        {
            return own;
        }

        return OwnState(key, master, now);
    }

    /// <summary>
    /// Picks the encryption key for <paramref name="address"/>: among the rings whose user IDs carry the address,
    /// the newest usable subkey (or primary key) flagged for encryption.
    /// </summary>
    /// <exception cref="SecureMessageException">No key, or only revoked, expired or incapable ones.</exception>
    public static PgpPublicKey SelectEncryptionKey(IEnumerable<PgpPublicKeyRing> rings, string address, DateTimeOffset now)
    {
        SecureMessageException? failure = null;
        foreach (var ring in rings)
        {
            var master = ring.GetPublicKey();
            if (!HasAddress(master, address))
            {
                continue;
            }

            var (key, error) = Select(ring.GetPublicKeys(), master, now, CanEncrypt, "encryption", address);
            if (key is not null)
            {
                return key;
            }

            failure ??= error;
        }

        throw failure ?? new SecureMessageException(
            SecureMessageFailure.MissingRecipientKey,
            $"No OpenPGP public key carries the recipient address {address}; nothing was encrypted.")
        {
            Address = address,
        };
    }

    /// <summary>Picks the signing key for <paramref name="address"/> among secret key rings.</summary>
    /// <exception cref="SecureMessageException">No key for the address, or only revoked, expired or incapable ones.</exception>
    public static PgpSecretKey SelectSigningKey(IEnumerable<PgpSecretKeyRing> rings, string address, DateTimeOffset now)
    {
        SecureMessageException? failure = null;
        var any = false;
        foreach (var ring in rings)
        {
            any = true;
            var master = ring.GetPublicKey();
            if (!HasAddress(master, address))
            {
                continue;
            }

            var candidates = ring.GetSecretKeys().Where(k => !k.IsPrivateKeyEmpty).Select(k => k.PublicKey);
            var (key, error) = Select(candidates, master, now, CanSign, "signing", address);
            if (key is not null)
            {
                return ring.GetSecretKey(key.KeyId);
            }

            failure ??= error;
        }

        if (failure is not null)
        {
            throw failure;
        }

        throw any
            ? new SecureMessageException(
                SecureMessageFailure.AddressMismatch,
                $"No OpenPGP signing key carries the sender address {address} in a user ID.")
            {
                Address = address,
            }
            : new SecureMessageException(SecureMessageFailure.MissingSignerKey, "No OpenPGP secret key is configured for signing.");
    }

    private static (PgpPublicKey? Key, SecureMessageException? Error) Select(
        IEnumerable<PgpPublicKey> keys,
        PgpPublicKey master,
        DateTimeOffset now,
        Func<PgpPublicKey, PgpPublicKey, bool> capable,
        string use,
        string address)
    {
        var fingerprint = Fingerprint(master);
        var masterState = OwnState(master, master, now);
        if (masterState != KeyState.Usable)
        {
            return (null, StateError(masterState, fingerprint, address, "primary key"));
        }

        PgpPublicKey? best = null;
        KeyState? reason = null;
        foreach (var key in keys)
        {
            if (!capable(key, master))
            {
                continue;
            }

            var state = State(key, master, now);
            if (state != KeyState.Usable)
            {
                reason ??= state;
                continue;
            }

            if (best is null || key.CreationTime > best.CreationTime)
            {
                best = key;
            }
        }

        if (best is not null)
        {
            return (best, null);
        }

        return reason is { } r
            ? (null, StateError(r, fingerprint, address, $"every {use} key"))
            : (null, new SecureMessageException(
                SecureMessageFailure.KeyNotCapable,
                $"The OpenPGP key {fingerprint} for {address} has no key flagged for {use}.")
            {
                Address = address,
                Fingerprint = fingerprint,
            });
    }

    private static SecureMessageException StateError(KeyState state, string fingerprint, string address, string which) =>
        state switch
        {
            KeyState.Revoked => new SecureMessageException(
                SecureMessageFailure.KeyRevoked,
                $"The OpenPGP key {fingerprint} for {address} is revoked ({which}).")
            {
                Address = address,
                Fingerprint = fingerprint,
            },
            KeyState.NotYetValid => new SecureMessageException(
                SecureMessageFailure.KeyExpired,
                $"The OpenPGP key {fingerprint} for {address} is not valid yet ({which} created in the future).")
            {
                Address = address,
                Fingerprint = fingerprint,
            },
            _ => new SecureMessageException(
                SecureMessageFailure.KeyExpired,
                $"The OpenPGP key {fingerprint} for {address} has expired ({which}).")
            {
                Address = address,
                Fingerprint = fingerprint,
            },
        };

    private static KeyState OwnState(PgpPublicKey key, PgpPublicKey master, DateTimeOffset now)
    {
        if (IsRevoked(key, master))
        {
            return KeyState.Revoked;
        }

        var created = new DateTimeOffset(DateTime.SpecifyKind(key.CreationTime, DateTimeKind.Utc));
        if (created > now + TimeSpan.FromMinutes(5))
        {
            return KeyState.NotYetValid;
        }

        var seconds = key.GetValidSeconds();
        return seconds > 0 && created.AddSeconds(seconds) <= now ? KeyState.Expired : KeyState.Usable;
    }

    // RFC 4880 §5.2.1: 0x20 revokes the primary key, 0x28 a subkey; both are made by the primary key. Only a
    // revocation that verifies counts, so a stray packet cannot disable someone's key.
    private static bool IsRevoked(PgpPublicKey key, PgpPublicKey master)
    {
        if (key.KeyId == master.KeyId)
        {
            return key.GetSignaturesOfType(PgpSignature.KeyRevocation)
                .Any(s => s.KeyId == master.KeyId && Verifies(s, master, sig => sig.VerifyCertification(master)));
        }

        return key.GetSignaturesOfType(PgpSignature.SubkeyRevocation)
            .Any(s => s.KeyId == master.KeyId && Verifies(s, master, sig => sig.VerifyCertification(master, key)));
    }

    // The flags of the newest verified self-signature: a user ID certification or direct-key signature for the
    // primary key, the binding signature for a subkey. Null when no such signature has a key-flags subpacket.
    private static int? Flags(PgpPublicKey key, PgpPublicKey master)
    {
        PgpSignature? newest = null;
        if (key.KeyId == master.KeyId)
        {
            foreach (var userId in master.GetUserIds())
            {
                foreach (var signature in master.GetSignaturesForId(userId))
                {
                    if (signature.KeyId == master.KeyId && signature.IsCertification() && HasFlags(signature)
                        && (newest is null || signature.CreationTime > newest.CreationTime)
                        && Verifies(signature, master, s => s.VerifyCertification(userId, master)))
                    {
                        newest = signature;
                    }
                }
            }

            foreach (var signature in master.GetSignaturesOfType(PgpSignature.DirectKey))
            {
                if (signature.KeyId == master.KeyId && HasFlags(signature)
                    && (newest is null || signature.CreationTime > newest.CreationTime)
                    && Verifies(signature, master, s => s.VerifyCertification(master)))
                {
                    newest = signature;
                }
            }
        }
        else
        {
            foreach (var signature in key.GetSignaturesOfType(PgpSignature.SubkeyBinding))
            {
                if (signature.KeyId == master.KeyId && HasFlags(signature)
                    && (newest is null || signature.CreationTime > newest.CreationTime)
                    && Verifies(signature, master, s => s.VerifyCertification(master, key)))
                {
                    newest = signature;
                }
            }
        }

        return newest?.GetHashedSubPackets().GetKeyFlags();
    }

    private static bool HasFlags(PgpSignature signature) =>
        signature.HasSubpackets && signature.GetHashedSubPackets()?.HasSubpacket(SignatureSubpacketTag.KeyFlags) == true;

    private static bool Verifies(PgpSignature signature, PgpPublicKey signer, Func<PgpSignature, bool> check)
    {
        try
        {
            signature.InitVerify(signer);
            return check(signature);
        }
        catch (PgpException)
        {
            return false;
        }
        catch (Org.BouncyCastle.Security.InvalidKeyException)
        {
            return false;
        }
    }
}
