using System.Threading.RateLimiting;

namespace Ses.Transport.Policy.Internal;

/// <summary>
/// A token bucket (System.Threading.RateLimiting) counting recipients, refilled from an injected
/// <see cref="TimeProvider"/>: about ten refills a second, each of <c>rate / 10</c> tokens (at least one), and a
/// bucket of two refills, so a burst never exceeds about a fifth of a second's worth of recipients and a late timer
/// tick loses nothing.
/// </summary>
internal sealed class RecipientRateLimiter : IDisposable
{
    // Two refills: a tick that comes late covers two periods, and both are credited.
    private const int BucketPeriods = 2;

    private readonly TokenBucketRateLimiter _bucket;
    private readonly ITimer _timer;
    private readonly TimeProvider _timeProvider;
    private readonly long _started;
    private readonly Lock _lock = new();
    private long _credited;

    public RecipientRateLimiter(double recipientsPerSecond, TimeProvider timeProvider)
    {
        if (!(recipientsPerSecond > 0) || double.IsInfinity(recipientsPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(recipientsPerSecond), recipientsPerSecond, "The send rate must be a finite number of recipients per second above 0.");
        }

        RecipientsPerSecond = recipientsPerSecond;
        TokensPerPeriod = (int)Math.Clamp(Math.Round(recipientsPerSecond / 10), 1, 1_000_000);
        Period = TimeSpan.FromSeconds(TokensPerPeriod / recipientsPerSecond);
        _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = TokensPerPeriod * BucketPeriods,
            TokensPerPeriod = TokensPerPeriod,
            ReplenishmentPeriod = Period,

            // Refilled by the timer below, from the injected clock, instead of the limiter's own system timer.
            AutoReplenishment = false,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _timeProvider = timeProvider;
        _started = timeProvider.GetTimestamp();
        _timer = timeProvider.CreateTimer(_ => Replenish(), null, Period, Period);
    }

    public double RecipientsPerSecond { get; }

    public int TokensPerPeriod { get; }

    public TimeSpan Period { get; }

    /// <summary>Waits until <paramref name="recipients"/> tokens were taken (in steps of at most one refill).</summary>
    public async ValueTask AcquireAsync(int recipients, CancellationToken cancellationToken)
    {
        var remaining = Math.Max(recipients, 1);
        while (remaining > 0)
        {
            var take = Math.Min(remaining, TokensPerPeriod);
            using var lease = await _bucket.AcquireAsync(take, cancellationToken).ConfigureAwait(false);
            if (!lease.IsAcquired)
            {
                throw new SesTransportException("The send-rate limiter could not grant the message's recipients.", isTransient: true);
            }

            remaining -= take;
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        _bucket.Dispose();
    }

    // Credits refills by elapsed time, not by timer ticks, so a late or coalesced tick does not slow the rate down
    // over time; after a long idle spell only what the bucket holds is credited.
    private void Replenish()
    {
        lock (_lock)
        {
            var due = _timeProvider.GetElapsedTime(_started).Ticks / Period.Ticks;
            if (due - _credited > BucketPeriods)
            {
                _credited = due - BucketPeriods;
            }

            while (_credited < due)
            {
                _bucket.TryReplenish();
                _credited++;
            }
        }
    }
}
