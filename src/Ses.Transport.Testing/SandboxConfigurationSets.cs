using System.Collections.Concurrent;
using Ses.Transport.Internal;

namespace Ses.Transport.Testing;

/// <summary>
/// The sandbox's SES configuration sets (name → delivery options), shared by the API
/// (<c>CreateConfigurationSet</c>, <c>GetConfigurationSet</c>, <c>PutConfigurationSetDeliveryOptions</c>) and by tests
/// that seed or read them directly. No set exists at start, as in a fresh SES account. Thread-safe.
/// </summary>
public sealed class SandboxConfigurationSets
{
    private readonly ConcurrentDictionary<string, Entry> _sets = new(StringComparer.Ordinal);

    internal SandboxConfigurationSets()
    {
    }

    /// <summary>The names of the existing sets, sorted.</summary>
    public IReadOnlyList<string> Names => [.. _sets.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Creates the set <paramref name="name"/>, or sets its TlsPolicy when it exists.</summary>
    /// <param name="name">The set name (SES rules: ASCII letters, digits, <c>_</c>, <c>-</c>; 1 to 64 characters).</param>
    /// <param name="tlsPolicy">Its TlsPolicy.</param>
    /// <exception cref="ArgumentException">The name breaks SES's rules.</exception>
    public void Seed(string name, SandboxTlsPolicy tlsPolicy = SandboxTlsPolicy.Optional)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!SesHeaders.IsValidConfigurationSetName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid configuration set name.", nameof(name));
        }

        _sets.AddOrUpdate(name, _ => new Entry { TlsPolicy = tlsPolicy }, (_, e) => e with { TlsPolicy = tlsPolicy });
    }

    /// <summary>Whether the set exists.</summary>
    /// <param name="name">The set name.</param>
    /// <returns><see langword="true"/> when it exists.</returns>
    public bool Contains(string name) => name is not null && _sets.ContainsKey(name);

    /// <summary>The TlsPolicy of a set.</summary>
    /// <param name="name">The set name.</param>
    /// <returns>Its TlsPolicy.</returns>
    /// <exception cref="KeyNotFoundException">No such set.</exception>
    public SandboxTlsPolicy GetTlsPolicy(string name) =>
        TryGet(name, out var entry) ? entry.TlsPolicy : throw new KeyNotFoundException($"The configuration set '{name}' does not exist.");

    /// <summary>Removes every set.</summary>
    public void Clear() => _sets.Clear();

    internal bool TryGet(string name, out Entry entry)
    {
        if (name is not null && _sets.TryGetValue(name, out var found))
        {
            entry = found;
            return true;
        }

        entry = default!;
        return false;
    }

    internal bool TryAdd(string name, Entry entry) => _sets.TryAdd(name, entry);

    internal bool TryUpdate(string name, Func<Entry, Entry> update)
    {
        while (_sets.TryGetValue(name, out var current))
        {
            if (_sets.TryUpdate(name, update(current), current))
            {
                return true;
            }
        }

        return false;
    }

    internal sealed record Entry
    {
        public SandboxTlsPolicy TlsPolicy { get; init; }

        public string? SendingPoolName { get; init; }

        public long? MaxDeliverySeconds { get; init; }

        public bool SendingEnabled { get; init; } = true;
    }
}
