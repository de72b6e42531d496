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
    public static bool CanSign(PgpPublicKey key, PgpPublicKey master) => CanSign(key, Flags(key, master));

    /// <summary>Whether <paramref name="key"/> may sign data, given its verified key flags (null: none).</summary>
    internal static bool CanSign(PgpPublicKey key, int? flags) =>
        flags is { } value
            ? (value & KeyFlags.SignData) != 0
            : key.Algorithm is PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaSign or PublicKeyAlgorithmTag.Dsa
                or PublicKeyAlgorithmTag.ECDsa or PublicKeyAlgorithmTag.EdDsa_Legacy or PublicKeyAlgorithmTag.Ed25519 or PublicKeyAlgorithmTag.Ed448;

    /// <summary>Whether <paramref name="key"/> may encrypt communications or storage, given its verified key flags (null: none).</summary>
    internal static bool CanEncrypt(PgpPublicKey key, int? flags) =>
        key.IsEncryptionKey && (flags is not { } value || (value & EncryptFlags) != 0);

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

            var (key, error) = Select(PgpRingFacts.Of(ring), ring.GetPublicKeys(), now, static (facts, key) => facts.CanEncrypt(key), "encryption", address);
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
            var (key, error) = Select(PgpRingFacts.Of(ring), candidates, now, static (facts, key) => facts.CanSign(key), "signing", address);
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
        PgpRingFacts facts,
        IEnumerable<PgpPublicKey> keys,
        DateTimeOffset now,
        Func<PgpRingFacts, PgpPublicKey, bool> capable,
        string use,
        string address)
    {
        var master = facts.Master;
        var masterState = facts.State(master, now);
        if (masterState != KeyState.Usable)
        {
            return (null, StateError(masterState, Fingerprint(master), address, "primary key"));
        }

        PgpPublicKey? best = null;
        KeyState? reason = null;
        foreach (var key in keys)
        {
            if (!capable(facts, key))
            {
                continue;
            }

            var state = facts.State(key, now);
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

        var fingerprint = Fingerprint(master);
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

    private static KeyState OwnState(PgpPublicKey key, PgpPublicKey master, DateTimeOffset now) =>
        IsRevoked(key, master) ? KeyState.Revoked : TimeState(key, now);

    /// <summary>Whether the key is within its validity period at <paramref name="now"/> (revocation aside).</summary>
    internal static KeyState TimeState(PgpPublicKey key, DateTimeOffset now)
    {
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
    internal static bool IsRevoked(PgpPublicKey key, PgpPublicKey master)
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
    internal static int? Flags(PgpPublicKey key, PgpPublicKey master)
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
