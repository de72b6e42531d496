using System.Collections.Concurrent;

namespace Ses.Transport.Policy.Internal;

/// <summary>
/// Transports that failed at connection level, and until when. A benched transport goes to the end of the failover
/// order until its time is up, then takes its place again (Symfony's failover transport keeps a dead transport out
/// for its retry period the same way, but never tries it then; here it is still the last resort).
/// </summary>
internal sealed class TransportBench(TimeProvider timeProvider, TimeSpan duration)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);

    /// <summary>The transports in the order to try them: those not benched (in <paramref name="order"/>), then the benched ones, soonest back first.</summary>
    public List<string> Order(IReadOnlyList<string> order)
    {
        var now = timeProvider.GetUtcNow();
        var healthy = new List<string>(order.Count);
        var benched = new List<(string Name, DateTimeOffset Until)>();
        foreach (var name in order)
        {
            if (_until.TryGetValue(name, out var until) && until > now)
            {
                benched.Add((name, until));
            }
            else
            {
                healthy.Add(name);
            }
        }

        healthy.AddRange(benched.OrderBy(b => b.Until).Select(b => b.Name));
        return healthy;
    }

    /// <summary>Benches <paramref name="name"/> from now.</summary>
    public DateTimeOffset Bench(string name)
    {
        var until = timeProvider.GetUtcNow() + duration;
        _until[name] = until;
        return until;
    }

    /// <summary>Takes <paramref name="name"/> off the bench; returns whether it was on it.</summary>
    public bool Release(string name) => _until.TryRemove(name, out _);
}
