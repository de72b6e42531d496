using System.Diagnostics;
using Ses.Transport.Policy.Internal;

namespace Ses.Transport.Tests.Policy;

/// <summary>The recipient token bucket's shape; its rate over time is measured end to end in <see cref="PolicyDrivenTransportTests"/>.</summary>
public sealed class RecipientRateLimiterTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(0.5, 1, 2000)]
    [InlineData(1, 1, 1000)]
    [InlineData(14, 1, 71.43)]
    [InlineData(20, 2, 100)]
    [InlineData(1000, 100, 100)]
    public void Constructor_Rate_RefillsAboutTenTimesASecond(double rate, int tokensPerPeriod, double periodMs)
    {
        using var limiter = new RecipientRateLimiter(rate);

        Assert.Equal(tokensPerPeriod, limiter.TokensPerPeriod);
        Assert.Equal(periodMs, limiter.Period.TotalMilliseconds, 2);
        Assert.Equal(2 * tokensPerPeriod, limiter.TokenLimit);
        Assert.Equal(rate, tokensPerPeriod / limiter.Period.TotalSeconds, 3);
    }

    [Fact]
    public async Task AcquireAsync_MoreRecipientsThanTheBucket_WaitsForRefills()
    {
        using var limiter = new RecipientRateLimiter(20);
        await limiter.AcquireAsync(4, Token);
        var clock = Stopwatch.StartNew();

        // 50 recipients at 20 a second, with an empty bucket: 2.5 s; taken in steps, not refused as too many.
        await limiter.AcquireAsync(50, Token);

        Assert.InRange(clock.Elapsed.TotalSeconds, 2.2, 10);
    }

    [Fact]
    public async Task AcquireAsync_Cancelled_Throws()
    {
        using var limiter = new RecipientRateLimiter(0.5);
        await limiter.AcquireAsync(2, Token);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await limiter.AcquireAsync(1, cancel.Token));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_RateNotAboveZero_Throws(double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecipientRateLimiter(rate));

    [Fact]
    public async Task Retire_SenderWaitingInside_SenderGetsItsTokensThenLimiterDisposed()
    {
        var limiter = new RecipientRateLimiter(10);
        await limiter.AcquireAsync(limiter.TokenLimit, Token);
        Assert.True(limiter.TryEnter());
        var waiting = limiter.AcquireAsync(1, Token).AsTask();

        limiter.Retire();
        await waiting;
        Assert.False(limiter.TryEnter());
        limiter.Exit();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await limiter.AcquireAsync(1, Token));
    }

    [Fact]
    public async Task Retire_NoSenderInside_DisposedAtOnceAndRefusesNewSenders()
    {
        var limiter = new RecipientRateLimiter(10);

        limiter.Retire();

        Assert.False(limiter.TryEnter());
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await limiter.AcquireAsync(1, Token));
    }
}
