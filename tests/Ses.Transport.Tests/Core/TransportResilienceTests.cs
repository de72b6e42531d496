using Microsoft.Extensions.Logging.Abstractions;
using Ses.Transport.Internal;

namespace Ses.Transport.Tests.Core;

public class TransportResilienceTests
{
    private static TransportResilience Create(int retries = 3, TimeSpan? total = null) =>
        new(new SesRetryOptions { MaxRetryAttempts = retries, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5), TotalTimeout = total ?? TimeSpan.FromSeconds(30) },
            SesTransportKind.StartTlsSmtp, TimeProvider.System, NullLogger.Instance);

    [Fact]
    public async Task ExecuteAsync_TransientThenSuccess_RetriesUntilSuccess()
    {
        var calls = 0;
        var (result, attempts) = await Create().ExecuteAsync<int>((n, _) =>
        {
            calls++;
            return n < 3 ? throw new SesThrottlingException("454 Throttling failure") : ValueTask.FromResult(42);
        }, TestContext.Current.CancellationToken);

        Assert.Equal(42, result);
        Assert.Equal(3, attempts);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task ExecuteAsync_Permanent_NotRetried()
    {
        var calls = 0;
        await Assert.ThrowsAsync<SesMessageRejectedException>(async () => await Create().ExecuteAsync<int>((_, _) =>
        {
            calls++;
            throw new SesMessageRejectedException("554 Message rejected");
        }, TestContext.Current.CancellationToken));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task ExecuteAsync_AlwaysTransient_StopsAfterMaxAttempts()
    {
        var calls = 0;
        await Assert.ThrowsAsync<SesConnectionException>(async () => await Create(retries: 2).ExecuteAsync<int>((_, _) =>
        {
            calls++;
            throw new SesConnectionException("connection reset");
        }, TestContext.Current.CancellationToken));

        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task ExecuteAsync_TotalTimeout_TransientConnectionError()
    {
        var ex = await Assert.ThrowsAsync<SesConnectionException>(async () => await Create(total: TimeSpan.FromMilliseconds(200)).ExecuteAsync<int>(async (_, token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), token);
            return 1;
        }, TestContext.Current.CancellationToken));

        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task ExecuteAsync_CallerCancels_NotRetried()
    {
        using var cts = new CancellationTokenSource();
        var calls = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Create().ExecuteAsync<int>((_, _) =>
        {
            calls++;
            cts.Cancel();
            throw new OperationCanceledException(cts.Token);
        }, cts.Token));

        Assert.Equal(1, calls);
    }
}
