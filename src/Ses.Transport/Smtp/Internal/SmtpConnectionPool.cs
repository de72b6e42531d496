using Ses.Transport.Diagnostics;

namespace Ses.Transport.Smtp.Internal;

/// <summary>
/// A bounded set of authenticated SMTP sessions shared by concurrent senders. At most <c>PoolSize</c> sessions exist at
/// once: a sender takes a slot (a <see cref="SemaphoreSlim"/> count), then the most recently used idle session or a new
/// one. Before reuse an idle session is checked against the message and age limits and, when idle for longer than the
/// refresh threshold, with <c>NOOP</c>; a session that fails either way is replaced. Sessions past a limit are closed
/// with <c>QUIT</c> when they are handed back.
/// </summary>
internal sealed class SmtpConnectionPool : IAsyncDisposable
{
    private readonly SmtpEndpoint _endpoint;
    private readonly Func<CancellationToken, Task<SmtpSession>> _open;
    private readonly SemaphoreSlim _slots;
    private readonly Stack<SmtpSession> _idle = new();
    private readonly TimeSpan _idleRefreshThreshold;
    private readonly TimeSpan _maxAge;
    private readonly int _maxMessages;
    private bool _disposed;

    public SmtpConnectionPool(SmtpEndpoint endpoint, SmtpTransportOptions options, Func<CancellationToken, Task<SmtpSession>> open)
    {
        _endpoint = endpoint;
        _open = open;
        _slots = new SemaphoreSlim(options.PoolSize, options.PoolSize);
        _idleRefreshThreshold = options.IdleRefreshThreshold;
        _maxAge = options.MaxConnectionAge;
        _maxMessages = options.MaxMessagesPerConnection;
    }

    /// <summary>Takes a slot and a ready session. Hand it back with <see cref="ReturnAsync"/>.</summary>
    /// <exception cref="ObjectDisposedException">The pool was disposed.</exception>
    /// <exception cref="SesTransportException">A new session could not be opened.</exception>
    public async Task<SmtpSession> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            while (TryPopIdle(out var session))
            {
                if (await IsReadyAsync(session, cancellationToken).ConfigureAwait(false))
                {
                    return session;
                }
            }

            return await _open(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>
    /// Hands a session back and frees its slot. A session that failed, reached a limit, or comes back after the pool
    /// was disposed is closed first.
    /// </summary>
    public async Task ReturnAsync(SmtpSession session)
    {
        try
        {
            var reason = RetireReason(session);
            if (reason is null)
            {
                lock (_idle)
                {
                    if (!_disposed)
                    {
                        _idle.Push(session);
                        return;
                    }
                }

                reason = "transport disposed";
            }

            await session.CloseAsync(reason).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Closes every idle session with <c>QUIT</c>; sessions in use are closed when they come back.</summary>
    public async ValueTask DisposeAsync()
    {
        SmtpSession[] idle;
        lock (_idle)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }

        await Task.WhenAll(idle.Select(s => s.CloseAsync("transport disposed"))).ConfigureAwait(false);
        Log.SmtpTransportDisposed(_endpoint.Logger, _endpoint.Transport, idle.Length);
    }

    private bool TryPopIdle(out SmtpSession session)
    {
        lock (_idle)
        {
            return _idle.TryPop(out session!);
        }
    }

    private string? RetireReason(SmtpSession session)
    {
        if (!session.IsUsable)
        {
            return "failed";
        }

        if (session.MessagesSent >= _maxMessages)
        {
            return "message limit reached";
        }

        return _endpoint.TimeProvider.GetElapsedTime(session.OpenedAt) >= _maxAge ? "age limit reached" : null;
    }

    private async Task<bool> IsReadyAsync(SmtpSession session, CancellationToken cancellationToken)
    {
        if (RetireReason(session) is { } reason)
        {
            await session.CloseAsync(reason).ConfigureAwait(false);
            return false;
        }

        var idle = _endpoint.TimeProvider.GetElapsedTime(session.LastUsedAt);
        if (idle < _idleRefreshThreshold)
        {
            return true;
        }

        // SES drops connections idle for about 10 s ("451 4.4.2 Timeout waiting for data from client"): check first.
        bool alive;
        try
        {
            alive = await session.NoOpAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await session.CloseAsync("cancelled").ConfigureAwait(false);
            throw;
        }

        if (alive)
        {
            Log.SmtpIdleConnectionRefreshed(_endpoint.Logger, _endpoint.Transport, idle.TotalMilliseconds);
            return true;
        }

        Log.SmtpIdleConnectionStale(_endpoint.Logger, _endpoint.Transport, idle.TotalMilliseconds, "NOOP failed");
        await session.CloseAsync("idle check failed").ConfigureAwait(false);
        return false;
    }
}
