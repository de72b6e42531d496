using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Ses.Transport.Diagnostics;

namespace Ses.Transport.Internal;

/// <summary>
/// The one retry mechanism every transport uses (Polly v8): transient <see cref="SesTransportException"/>s are
/// retried with exponential backoff and jitter, a bounded number of times and within a total time; permanent
/// failures and cancellation are never retried. A server's <c>Retry-After</c> is honoured.
/// </summary>
internal sealed class TransportResilience
{
    private readonly ResiliencePipeline _pipeline;
    private readonly SesTransportKind _transport;
    private readonly TimeSpan _totalTimeout;

    public TransportResilience(SesRetryOptions options, SesTransportKind transport, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _transport = transport;
        _totalTimeout = options.TotalTimeout;

        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.TotalTimeout > TimeSpan.Zero && options.TotalTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(options.TotalTimeout);
        }

        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is SesTransportException { IsTransient: true }),
                DelayGenerator = static args => ValueTask.FromResult(
                    args.Outcome.Exception is SesThrottlingException { RetryAfter: { } retryAfter } ? retryAfter : (TimeSpan?)null),
                OnRetry = args =>
                {
                    var ex = args.Outcome.Exception as SesTransportException;
                    Log.RetryingTransientFailure(logger, transport, args.AttemptNumber + 1, args.RetryDelay, ex?.GetType().Name ?? "unknown", ex?.SmtpStatusCode, ex?.ErrorType);
                    return ValueTask.CompletedTask;
                },
            });
        }

        _pipeline = builder.Build();
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> until it succeeds, fails permanently, runs out of attempts or time.
    /// The callback receives the 1-based attempt number.
    /// </summary>
    /// <exception cref="SesTransportException">The last failure; a total time-out is a transient <see cref="SesConnectionException"/>.</exception>
    public async ValueTask<(T Result, int Attempts)> ExecuteAsync<T>(Func<int, CancellationToken, ValueTask<T>> attempt, CancellationToken cancellationToken)
    {
        var attempts = 0;
        try
        {
            var result = await _pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    return await attempt(attempts, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
            return (result, attempts);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new SesConnectionException($"The send did not complete within {_totalTimeout.TotalSeconds:0.###} s ({attempts} attempt(s)).", ex)
            {
                Transport = _transport,
            };
        }
    }
}
