using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Ses.Transport.Security.Internal;

/// <summary>
/// What the self-signatures of one OpenPGP key ring say about its keys — revoked or not (a verified revocation), and
/// the key flags of the newest verified self-signature — worked out once per ring instance and kept for as long as
/// the ring lives. Verifying those signatures is public-key work (tens of milliseconds for a ring of RSA keys on
/// every message); the answers cannot change, because a BouncyCastle ring is immutable. What depends on the clock
/// (expired, not yet valid) is never cached: <see cref="State"/> checks it on every call. Thread-safe.
/// </summary>
internal sealed class PgpRingFacts
{
    // Keyed on the ring instance (held by PgpKeyMaterial), compared by reference; an entry goes with its ring.
    private static readonly ConditionalWeakTable<object, PgpRingFacts> Cache = new();

    private readonly ConcurrentDictionary<PgpPublicKey, KeyFacts> _keys = new(ReferenceEqualityComparer.Instance);

    private PgpRingFacts(PgpPublicKey master) => Master = master;

    /// <summary>The ring's primary key.</summary>
    public PgpPublicKey Master { get; }

    /// <summary>The facts of a public key ring.</summary>
    public static PgpRingFacts Of(PgpPublicKeyRing ring) => Cache.GetValue(ring, static r => new PgpRingFacts(((PgpPublicKeyRing)r).GetPublicKey()));

    /// <summary>The facts of a secret key ring (its public keys).</summary>
    public static PgpRingFacts Of(PgpSecretKeyRing ring) => Cache.GetValue(ring, static r => new PgpRingFacts(((PgpSecretKeyRing)r).GetPublicKey()));

    /// <summary>Whether <paramref name="key"/>, a key of this ring, may sign data.</summary>
    public bool CanSign(PgpPublicKey key) => PgpKeys.CanSign(key, FactsOf(key).Flags);

    /// <summary>Whether <paramref name="key"/>, a key of this ring, may encrypt.</summary>
    public bool CanEncrypt(PgpPublicKey key) => PgpKeys.CanEncrypt(key, FactsOf(key).Flags);

    /// <summary>Whether <paramref name="key"/>, judged with the primary key, is usable at <paramref name="now"/>.</summary>
    public PgpKeys.KeyState State(PgpPublicKey key, DateTimeOffset now)
    {
        var own = OwnState(Master, now);
        return own != PgpKeys.KeyState.Usable || key.KeyId == Master.KeyId ? own : OwnState(key, now);
    }

    private PgpKeys.KeyState OwnState(PgpPublicKey key, DateTimeOffset now) =>
        FactsOf(key).Revoked ? PgpKeys.KeyState.Revoked : PgpKeys.TimeState(key, now);

    // Two threads may both verify a key the first time; both get the same answer and one is kept.
    private KeyFacts FactsOf(PgpPublicKey key) =>
        _keys.GetOrAdd(key, static (k, master) => new KeyFacts(PgpKeys.IsRevoked(k, master), PgpKeys.Flags(k, master)), Master);

    private sealed record KeyFacts(bool Revoked, int? Flags);
}
