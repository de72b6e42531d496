using System.Collections.Concurrent;
using Ses.Transport.Internal;

namespace Ses.Transport.Policy;

/// <summary>
/// What is known about configuration sets' <c>TlsPolicy</c>: the evidence the policy needs before it sends a message
/// that demands <see cref="ReceiverTls.Require"/>. Filled by whoever verified a set (reading it back from SES with
/// <c>GetConfigurationSet</c> after putting its delivery options, or the application after checking it out of band).
/// Thread-safe.
/// </summary>
public sealed class KnownConfigurationSets
{
    private readonly ConcurrentDictionary<string, ReceiverTls> _sets = new(StringComparer.Ordinal);

    /// <summary>Records that configuration set <paramref name="name"/> has <c>TlsPolicy</c> <paramref name="tlsPolicy"/> (replacing what was known).</summary>
    /// <param name="name">The configuration set name (SES names are case-sensitive).</param>
    /// <param name="tlsPolicy">Its TLS policy as read from SES.</param>
    /// <exception cref="ArgumentException">The name breaks SES's rules (ASCII letters, digits, '_' and '-', 1 to 64 characters).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tlsPolicy"/> is not a defined value.</exception>
    public void Record(string name, ReceiverTls tlsPolicy)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!SesHeaders.IsValidConfigurationSetName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid configuration set name.", nameof(name));
        }

        if (!Enum.IsDefined(tlsPolicy))
        {
            throw new ArgumentOutOfRangeException(nameof(tlsPolicy), tlsPolicy, "Not a defined ReceiverTls value.");
        }

        _sets[name] = tlsPolicy;
    }

    /// <summary>Forgets what was known about <paramref name="name"/> (after the set changed or was deleted).</summary>
    /// <param name="name">The configuration set name.</param>
    /// <returns>Whether anything was known.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    public bool Forget(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _sets.TryRemove(name, out _);
    }

    /// <summary>What is known about <paramref name="name"/>.</summary>
    /// <param name="name">The configuration set name.</param>
    /// <param name="tlsPolicy">Its TLS policy, when known.</param>
    /// <returns>Whether the set is known.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    public bool TryGet(string name, out ReceiverTls tlsPolicy)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _sets.TryGetValue(name, out tlsPolicy);
    }

    /// <summary>Whether <paramref name="name"/> is known to have <c>TlsPolicy</c> <c>REQUIRE</c>.</summary>
    /// <param name="name">The configuration set name, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> only when it is recorded as <see cref="ReceiverTls.Require"/>.</returns>
    public bool IsKnownRequire(string? name) => name is not null && TryGet(name, out var tls) && tls == ReceiverTls.Require;
}
