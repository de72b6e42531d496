using System.Threading.RateLimiting;

namespace Ses.Transport.Policy.Internal;

/// <summary>
/// A token bucket (System.Threading.RateLimiting) counting recipients: about ten refills a second, each of
/// <c>rate / 10</c> tokens (at least one), and a bucket of two refills, so a burst never exceeds about a fifth of a
/// second's worth of recipients.
/// </summary>
/// <remarks>
/// The bucket is refilled by <see cref="TokenBucketRateLimiter.TryReplenish"/> on a timer of our own: in that mode the
/// limiter credits the time really elapsed since the last refill (fill rate × elapsed), so a late or coalesced tick
/// loses nothing, where its own timer would credit one fixed refill per tick. The limiter measures that time with
/// <see cref="System.Diagnostics.Stopwatch"/>, not a <see cref="TimeProvider"/>, so the rate runs on the system clock
/// whatever clock the transport was given (a test clock must not stall it).
/// </remarks>
internal sealed class RecipientRateLimiter : IDisposable
{
    // Two refills: a tick that comes late covers more than one period, and the bucket has room for it.
    private const int BucketPeriods = 2;

    private readonly TokenBucketRateLimiter _bucket;
    private readonly ITimer _timer;
    private int _users;
    private int _retired;
    private int _disposed;

    public RecipientRateLimiter(double recipientsPerSecond)
    {
        if (!IsUsableRate(recipientsPerSecond))
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
            AutoReplenishment = false,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _timer = TimeProvider.System.CreateTimer(static state => ((TokenBucketRateLimiter)state!).TryReplenish(), _bucket, Period, Period);
    }

    public double RecipientsPerSecond { get; }

    public int TokensPerPeriod { get; }

    public int TokenLimit => TokensPerPeriod * BucketPeriods;

    public TimeSpan Period { get; }

    /// <summary>Whether a rate can drive the bucket: a finite number of recipients per second above 0 (not NaN).</summary>
    public static bool IsUsableRate(double recipientsPerSecond) => recipientsPerSecond > 0 && !double.IsInfinity(recipientsPerSecond);

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

    /// <summary>
    /// Registers a sender about to acquire; <see langword="false"/> when the limiter was retired (a newer rate replaced
    /// it), and the sender must take the current one. Pair with <see cref="Exit"/>.
    /// </summary>
    public bool TryEnter()
    {
        Interlocked.Increment(ref _users);
        if (Volatile.Read(ref _retired) != 0)
        {
            Exit();
            return false;
        }

        return true;
    }

    /// <summary>Ends what <see cref="TryEnter"/> began; the last sender out of a retired limiter disposes it.</summary>
    public void Exit()
    {
        if (Interlocked.Decrement(ref _users) == 0 && Volatile.Read(ref _retired) != 0)
        {
            Dispose();
        }
    }

    /// <summary>Stops new senders; disposes the limiter once the senders waiting in it have their tokens.</summary>
    public void Retire()
    {
        // Exchange is a full fence: the read of _users below cannot move before the write (TryEnter's order mirrors it).
        Interlocked.Exchange(ref _retired, 1);
        if (Volatile.Read(ref _users) == 0)
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _timer.Dispose();
        _bucket.Dispose();
    }
}
