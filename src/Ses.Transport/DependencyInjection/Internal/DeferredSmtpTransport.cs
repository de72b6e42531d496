using MimeKit;

namespace Ses.Transport.DependencyInjection.Internal;

/// <summary>
/// An SMTP transport whose credentials are only known asynchronously (derived from AWS credentials that come from a
/// provider): the real transport is created on the first send, once, and every send goes to it. A failure to get
/// the credentials is a <see cref="SesAuthenticationException"/> (so the policy fails over) and is tried again on the
/// next send.
/// </summary>
internal sealed class DeferredSmtpTransport(SesTransportKind kind, Func<CancellationToken, ValueTask<ISesTransport>> create) : ISesTransport
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ISesTransport? _inner;
    private int _disposed;

    public async Task<SendReceipt> SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var inner = Volatile.Read(ref _inner) ?? await CreateAsync(cancellationToken).ConfigureAwait(false);
        return await inner.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_inner is { } inner)
            {
                await inner.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ISesTransport> CreateAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (_inner is null)
            {
                try
                {
                    Volatile.Write(ref _inner, await create(cancellationToken).ConfigureAwait(false));
                }
                catch (SesTransportException ex) when (ex is not SesAuthenticationException)
                {
                    throw new SesAuthenticationException($"The SMTP credentials could not be derived: the AWS credentials are unavailable ({ex.GetType().Name}).", ex)
                    {
                        Transport = kind,
                    };
                }
            }

            return _inner!;
        }
        finally
        {
            _gate.Release();
        }
    }
}
