using System.Diagnostics.Metrics;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Ses.Transport.Diagnostics;
using Ses.Transport.Internal;

namespace Ses.Transport.Smtp.Internal;

/// <summary>
/// What both SMTP transports are made of: the shared send pipeline (validation, retry, receipt) around a pool of
/// authenticated MailKit sessions. The transports differ only in <see cref="SecureSocketOptions"/> and default port.
/// </summary>
internal sealed class SmtpTransportCore : IAsyncDisposable
{
    private readonly SmtpEndpoint _endpoint;
    private readonly SmtpConnectionPool _pool;
    private readonly SendPipeline _pipeline;
    private int _disposed;

    public SmtpTransportCore(
        SesTransportKind transport,
        SecureSocketOptions security,
        SmtpTransportOptions options,
        ILoggerFactory? loggerFactory,
        TimeProvider? timeProvider,
        IMeterFactory? meterFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options.Snapshot();
        SmtpTransportOptionsValidator.ThrowIfInvalid(options);

        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Ses.Transport.Smtp");
        var time = timeProvider ?? TimeProvider.System;
        _endpoint = new SmtpEndpoint(transport, security, options, logger, time);
        _pool = new SmtpConnectionPool(_endpoint, options, token => SmtpSession.OpenAsync(_endpoint, token));
        _pipeline = new SendPipeline(transport, options, time, logger, SesTransportMetrics.Create(meterFactory));
        Log.SmtpTransportCreated(logger, transport, _endpoint.Host, _endpoint.Port, options.PoolSize);
    }

    public async Task<SendReceipt> SendAsync(MimeMessage message, object owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, owner);

        MimeMessage? outgoing = null;
        long size = 0;
        return await _pipeline.SendAsync(
            message,
            async (attempt, token) =>
            {
                if (outgoing is null)
                {
                    outgoing = WithConfigurationSet(message, _pipeline.ResolveConfigurationSet(message));
                    size = MessageValidator.MeasureSize(outgoing, token);
                    MessageValidator.ValidateSize(size);
                }

                return await AttemptAsync(outgoing, size, token).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _pool.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The message to put on the wire: the caller's own when it already names its configuration set (or none applies),
    /// otherwise a copy with <c>X-SES-CONFIGURATION-SET</c> added. The copy has its own header list and shares the body,
    /// so the caller's message is never changed.
    /// </summary>
    internal static MimeMessage WithConfigurationSet(MimeMessage message, string? configurationSet) =>
        configurationSet is null || message.Headers.Contains(SesHeaders.ConfigurationSet)
            ? message
            : SesHeaders.WithConfigurationSet(message, configurationSet);

    private async ValueTask<AttemptResult> AttemptAsync(MimeMessage outgoing, long size, CancellationToken cancellationToken)
    {
        var session = await _pool.RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Refuse before MAIL FROM what the server said (EHLO SIZE) it will not take.
            MessageValidator.ValidateSize(size, session.ServerMaxSize);
            var reply = await session.SendAsync(outgoing, cancellationToken).ConfigureAwait(false);
            return new AttemptResult(SmtpMessageIds.FromReply(reply, outgoing), session.TlsProtocol, session.CipherSuite, size);
        }
        finally
        {
            await _pool.ReturnAsync(session).ConfigureAwait(false);
        }
    }
}
