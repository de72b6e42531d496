using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ses.Transport.Diagnostics;

namespace Ses.Transport.Credentials;

/// <summary>
/// Caches the credentials of another provider and refreshes them before they expire. Long-term credentials (no
/// <see cref="AwsCredentials.Expiration"/>) are loaded once. Thread-safe: one instance serves concurrent callers,
/// and at most one refresh runs at a time.
/// </summary>
/// <remarks>
/// <para>
/// Within <see cref="RefreshBefore"/> of the expiry the first caller refreshes while the others keep using the
/// cached credentials; if that refresh fails, the cached credentials are used until they expire, and the refresh
/// is tried again at most every 30 seconds. Once the credentials have expired, callers wait for one refresh and
/// its failure is thrown to them.
/// </para>
/// <para>Time comes from the injected <see cref="TimeProvider"/>.</para>
/// </remarks>
public sealed class RefreshingCredentialsProvider : IAwsCredentialsProvider
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(30);

    private readonly IAwsCredentialsProvider _inner;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly string _innerName;
    private AwsCredentials? _current;
    private long _nextRefreshAttemptTicks; // UTC ticks; a long so that it is read and written atomically

    /// <summary>Creates the cache.</summary>
    /// <param name="inner">The provider to load credentials from.</param>
    /// <param name="timeProvider">The clock that decides expiry; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">Logging; <see langword="null"/> for none.</param>
    public RefreshingCredentialsProvider(IAwsCredentialsProvider inner, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(inner, inner?.GetType().Name!, timeProvider, loggerFactory)
    {
    }

    /// <summary>Creates the cache, naming the inner provider in logs as <paramref name="innerName"/>.</summary>
    internal RefreshingCredentialsProvider(IAwsCredentialsProvider inner, string innerName, TimeProvider? timeProvider, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _innerName = innerName;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RefreshingCredentialsProvider>();
    }

    /// <summary>How long before their expiry temporary credentials are refreshed.</summary>
    /// <value>The default is 5 minutes (EC2 and ECS hand out new credentials at least that long before the old ones lapse).</value>
    public TimeSpan RefreshBefore
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            field = value;
        }
    } = TimeSpan.FromMinutes(5);

    /// <inheritdoc />
    /// <exception cref="AwsCredentialsException">
    /// There are no usable cached credentials and the inner provider failed (its exception is rethrown).
    /// </exception>
    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        var current = Volatile.Read(ref _current);
        var now = _timeProvider.GetUtcNow();
        switch (StateOf(current, now))
        {
            case CacheState.Fresh:
                return current!;
            case CacheState.Stale:
                // Still valid: never make a caller wait for a refresh someone else is doing, or retry too eagerly.
                if (now.UtcTicks < Volatile.Read(ref _nextRefreshAttemptTicks) || !await _refreshGate.WaitAsync(0, CancellationToken.None).ConfigureAwait(false))
                {
                    return current!;
                }

                break;
            default:
                await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
                break;
        }

        try
        {
            return await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"RefreshingCredentialsProvider {{ Inner = {_innerName}, RefreshBefore = {RefreshBefore} }}";

    // Runs under the gate.
    private async ValueTask<AwsCredentials> RefreshAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        var now = _timeProvider.GetUtcNow();
        var state = StateOf(current, now);
        if (state == CacheState.Fresh || (state == CacheState.Stale && now.UtcTicks < Volatile.Read(ref _nextRefreshAttemptTicks)))
        {
            return current!; // another caller refreshed (or tried) while this one waited
        }

        AwsCredentials fresh;
        try
        {
            fresh = await _inner.GetCredentialsAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new AwsCredentialsException($"{_innerName} returned no credentials.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = ex is SesTransportException ? ex.Message : "(message not shown)";
            if (state == CacheState.Stale)
            {
                Volatile.Write(ref _nextRefreshAttemptTicks, (now + RetryInterval).UtcTicks);
                Log.CredentialsRefreshFailedUsingCached(_logger, _innerName, ex.GetType().Name, reason, current!.Expiration);
                return current;
            }

            Log.CredentialsLoadFailed(_logger, _innerName, ex.GetType().Name, reason);
            throw;
        }

        // Credentials that come back already inside the refresh window are used, but not refreshed again at once.
        Volatile.Write(ref _nextRefreshAttemptTicks, (now + RetryInterval).UtcTicks);
        Volatile.Write(ref _current, fresh);
        Log.CredentialsLoaded(_logger, _innerName, fresh.Expiration);
        return fresh;
    }

    private CacheState StateOf(AwsCredentials? credentials, DateTimeOffset now)
    {
        if (credentials is null)
        {
            return CacheState.Missing;
        }

        if (credentials.Expiration is not { } expiration)
        {
            return CacheState.Fresh;
        }

        return now >= expiration ? CacheState.Expired
            : now >= expiration - RefreshBefore ? CacheState.Stale
            : CacheState.Fresh;
    }

    private enum CacheState
    {
        Missing,
        Fresh,
        Stale,
        Expired,
    }
}
