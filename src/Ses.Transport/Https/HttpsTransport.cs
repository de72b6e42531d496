using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MimeKit;
using Ses.Transport.Diagnostics;
using Ses.Transport.Https.Internal;
using Ses.Transport.Internal;

namespace Ses.Transport.Https;

/// <summary>
/// Sends through the Amazon SES v2 API (<c>POST /v2/email/outbound-emails</c>, <c>SendEmail</c> with raw MIME content),
/// signed with AWS Signature Version 4 for service <c>ses</c>, over HTTPS restricted to TLS 1.2 and 1.3.
/// </summary>
/// <remarks>
/// <para>The SES headers of the message (<c>X-SES-CONFIGURATION-SET</c>, <c>X-SES-MESSAGE-TAGS</c>,
/// <c>X-SES-SOURCE-ARN</c>/<c>X-SES-FROM-ARN</c>, <c>X-SES-RETURN-PATH-ARN</c>, <c>X-SES-LIST-MANAGEMENT-OPTIONS</c>)
/// become the API's typed fields and are not part of the raw MIME sent, so a message means the same on every
/// transport. To, Cc and Bcc become the request's <c>Destination</c>; the <c>Bcc</c> header is not sent.</para>
/// <para>Safe for concurrent callers; create one instance and keep it for the application's lifetime. Transient
/// failures (throttling, HTTP 5xx, lost connections, time-outs) are retried by the shared resilience of
/// <see cref="TransportOptions.Retry"/>. A connection lost after the request was written is retried too: SES may
/// have accepted the first copy (at-least-once delivery).</para>
/// <para>A clock-skew refusal (<c>RequestTimeTooSkewed</c>, <c>RequestExpired</c>, or a signature error while the
/// server's <c>Date</c> is more than 5 minutes away) sets a clock offset from the response's <c>Date</c> and the
/// request is signed again, once.</para>
/// </remarks>
public sealed class HttpsTransport : ISesTransport
{
    private readonly SesApiConnection _connection;
    private readonly SendPipeline _pipeline;
    private int _disposed;

    /// <summary>Creates the transport. No connection is made until the first send.</summary>
    /// <param name="options">The settings; read once, here.</param>
    /// <param name="httpClient">
    /// The client to send with (for example from <c>IHttpClientFactory</c>); not disposed by the transport. When
    /// <see langword="null"/>, the transport creates its own on a <see cref="SocketsHttpHandler"/> that offers only
    /// TLS 1.2/1.3 (1.3 alone with <see cref="MinimumTlsVersion.Tls13"/>), validates certificates against
    /// <see cref="SesTlsOptions.TrustAnchors"/> or the system store, and replaces pooled connections after
    /// <see cref="HttpsTransportOptions.PooledConnectionLifetime"/>. An injected client's handler is responsible for
    /// its own TLS settings, and the receipt then reports <see cref="System.Security.Authentication.SslProtocols.None"/>.
    /// </param>
    /// <param name="loggerFactory">Where log messages go; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for signing, time-outs and retry delays; the system clock when <see langword="null"/>.</param>
    /// <param name="meterFactory">The factory for the library's meter; a shared meter when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message names each bad setting.</exception>
    public HttpsTransport(
        HttpsTransportOptions options,
        HttpClient? httpClient = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null)
        : this(options, httpClient, loggerFactory, timeProvider, meterFactory, tlsState: null)
    {
    }

    /// <summary>For dependency injection: an injected client whose primary handler was configured by <see cref="SesHttpHandler.Configure"/> with <paramref name="tlsState"/>.</summary>
    internal HttpsTransport(
        HttpsTransportOptions options,
        HttpClient? httpClient,
        ILoggerFactory? loggerFactory,
        TimeProvider? timeProvider,
        IMeterFactory? meterFactory,
        HttpsTlsState? tlsState)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options.Snapshot();
        HttpsTransportOptionsValidator.ThrowIfInvalid(options);
        var time = timeProvider ?? TimeProvider.System;
        _connection = new SesApiConnection(options, httpClient, loggerFactory, time, tlsState);
        _pipeline = new SendPipeline(SesTransportKind.Https, options, time, _connection.Logger, SesTransportMetrics.Create(meterFactory));
    }

    /// <summary>The endpoint the transport sends to.</summary>
    public Uri Endpoint => _connection.Endpoint;

    /// <inheritdoc />
    /// <exception cref="SesMessageValidationException">The message breaks an SES rule (no sender or recipient, too large, a bad SES header, ...); nothing was sent.</exception>
    /// <exception cref="SesTlsException">TLS could not be established (protocol below 1.2, untrusted or wrong-host certificate); nothing was sent.</exception>
    /// <exception cref="SesThrottlingException">SES throttled every attempt.</exception>
    /// <exception cref="SesMessageRejectedException">SES rejected the message (<c>MessageRejected</c>, unverified MAIL FROM domain, account suspended, sending paused).</exception>
    /// <exception cref="SesAuthenticationException">SES refused the credentials or the signature.</exception>
    /// <exception cref="SesServiceException">Another SES error (for example HTTP 5xx after every retry, or <c>BadRequestException</c>).</exception>
    /// <exception cref="SesConnectionException">The connection failed or timed out on every attempt.</exception>
    /// <exception cref="ObjectDisposedException">The transport was disposed.</exception>
    public async Task<SendReceipt> SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        SendEmailRequestBody? body = null;
        try
        {
            return await _pipeline.SendAsync(
                message,
                async (attempt, token) =>
                {
                    if (body is null)
                    {
                        var (outgoing, fields) = SendEmailMessage.Prepare(message, _pipeline.ResolveConfigurationSet(message));
                        body = SendEmailRequestBody.Create(outgoing, fields, token);
                    }

                    var response = await _connection.SendAsync("SendEmail", HttpMethod.Post, SesApiEndpoint.SendEmailPath, body.Body, body.PayloadSha256, token)
                        .ConfigureAwait(false);
                    return new AttemptResult(ReadMessageId(response), response.TlsProtocol, response.CipherSuite, body.MimeBytes);
                },
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            body?.Dispose();
        }
    }

    /// <summary>Releases the HTTP client the transport created (an injected one is left alone). Later sends throw <see cref="ObjectDisposedException"/>.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _connection.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private static string ReadMessageId(SesApiResponse response)
    {
        try
        {
            if (JsonSerializer.Deserialize(response.Body, SesApiJsonContext.Default.SendEmailResponse)?.MessageId is { Length: > 0 } id)
            {
                return id;
            }
        }
        catch (JsonException)
        {
            // Reported below.
        }

        throw new SesServiceException("Amazon SES answered SendEmail with success but without a MessageId; the message may have been accepted.", isTransient: false)
        {
            Transport = SesTransportKind.Https,
            HttpStatusCode = (int)response.StatusCode,
            RequestId = response.RequestId,
        };
    }
}
