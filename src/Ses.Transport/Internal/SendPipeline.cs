using System.Diagnostics;
using Microsoft.Extensions.Logging;
using MimeKit;
using Ses.Transport.Diagnostics;

namespace Ses.Transport.Internal;

/// <summary>
/// The path every transport's <c>SendAsync</c> takes around its own wire work: pre-send validation,
/// configuration set resolution, the shared retry mechanism, a trace activity, metrics, logging and the receipt.
/// </summary>
internal sealed class SendPipeline
{
    private readonly SesTransportKind _transport;
    private readonly TransportOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SesTransportMetrics _metrics;
    private readonly TransportResilience _resilience;

    public SendPipeline(SesTransportKind transport, TransportOptions options, TimeProvider timeProvider, ILogger logger, SesTransportMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        _transport = transport;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _metrics = metrics;
        _resilience = new TransportResilience(options.Retry, transport, timeProvider, logger);
    }

    /// <summary>
    /// The configuration set for <paramref name="message"/>: its <c>X-SES-CONFIGURATION-SET</c> header, else the
    /// transport's default, validated against SES's character rules.
    /// </summary>
    public string? ResolveConfigurationSet(MimeMessage message)
    {
        var name = message.Headers[SesHeaders.ConfigurationSet]?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            name = _options.ConfigurationSetName;
        }

        return string.IsNullOrEmpty(name) ? null : SesHeaders.ValidateConfigurationSetName(name);
    }

    /// <summary>
    /// Validates <paramref name="message"/>, then runs <paramref name="attempt"/> under the retry mechanism and
    /// returns the receipt. <paramref name="attempt"/> gets the 1-based attempt number.
    /// </summary>
    public async Task<SendReceipt> SendAsync(
        MimeMessage message,
        Func<int, CancellationToken, ValueTask<AttemptResult>> attempt,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var started = _timeProvider.GetTimestamp();
        using var activity = SesTransportMetrics.ActivitySource.StartActivity("ses.transport.send", ActivityKind.Client);
        activity?.SetTag("ses.transport", _transport.ToString());

        var recipients = 0;
        try
        {
            recipients = MessageValidator.ValidateEnvelope(message);
            var configurationSet = ResolveConfigurationSet(message);
            if (message.Headers[SesHeaders.MessageTags] is { } tags)
            {
                SesHeaders.ParseTags(tags);
            }

            activity?.SetTag("ses.configuration_set", configurationSet);
            activity?.SetTag("ses.recipients", recipients);

            var (result, attempts) = await _resilience.ExecuteAsync(
                async (n, token) =>
                {
                    try
                    {
                        return await attempt(n, token).ConfigureAwait(false);
                    }
                    catch (SesThrottlingException)
                    {
                        _metrics.Throttled.Add(1, new KeyValuePair<string, object?>("transport", _transport.ToString()));
                        throw;
                    }
                },
                cancellationToken).ConfigureAwait(false);

            var elapsed = _timeProvider.GetElapsedTime(started);
            var tag = new KeyValuePair<string, object?>("transport", _transport.ToString());
            _metrics.Sent.Add(1, tag);
            _metrics.Recipients.Add(recipients, tag);
            _metrics.Bytes.Add(result.EncodedBytes, tag);
            _metrics.Duration.Record(elapsed.TotalSeconds, tag);
            activity?.SetTag("ses.message_id", result.MessageId);
            activity?.SetTag("tls.protocol", result.TlsProtocol.ToString());
            Log.MessageSent(_logger, _transport, result.MessageId, elapsed.TotalMilliseconds, attempts, result.TlsProtocol);

            return new SendReceipt
            {
                MessageId = result.MessageId,
                Transport = _transport,
                TlsProtocol = result.TlsProtocol,
                TlsCipherSuite = result.CipherSuite,
                ConfigurationSet = configurationSet,
                Elapsed = elapsed,
                Attempts = attempts,
            };
        }
        catch (SesTransportException ex)
        {
            _metrics.Failed.Add(1, new KeyValuePair<string, object?>("transport", _transport.ToString()));
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            Log.SendFailed(_logger, _transport, ex.GetType().Name, ex.SmtpStatusCode, ex.ErrorType);
            throw;
        }
    }
}
