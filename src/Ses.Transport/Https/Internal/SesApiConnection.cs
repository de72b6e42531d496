using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ses.Transport.Credentials;
using Ses.Transport.Diagnostics;
using Ses.Transport.Internal;
using Ses.Transport.Signing;

namespace Ses.Transport.Https.Internal;

/// <summary>
/// What <see cref="HttpsTransport"/> and <see cref="SesApiClient"/> share: the HTTP client on the SES handler, the SigV4
/// signer for service <c>ses</c>, the credentials, the clock (with the offset learnt from a clock-skew refusal) and
/// the mapping of every failure onto a typed <see cref="SesTransportException"/>. One call is one request, plus at
/// most one re-signed request after a clock-skew refusal; retries are the caller's (the shared resilience).
/// </summary>
internal sealed class SesApiConnection : IDisposable
{
    /// <summary>The largest response body read; SES answers are a few hundred bytes.</summary>
    public const int MaxResponseBytes = 1024 * 1024;

    private const string RequestIdHeader = "x-amzn-RequestId";
    private const string ErrorTypeHeader = "x-amzn-ErrorType";

    private readonly HttpClient _client;
    private readonly bool _ownsClient;
    private readonly HttpsTlsState? _tls;
    private readonly AwsSigV4Signer _signer;
    private readonly IAwsCredentialsProvider _credentials;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly string _host;
    private readonly string _basePath;
    private long _clockOffsetTicks;

    /// <param name="options">A validated snapshot of the settings.</param>
    /// <param name="httpClient">An injected client (not disposed here), or <see langword="null"/> to create one on the SES handler.</param>
    /// <param name="loggerFactory">Logging; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    /// <param name="tlsState">For an injected client built on <see cref="SesHttpHandler"/>: where its handler records TLS facts.</param>
    public SesApiConnection(HttpsTransportOptions options, HttpClient? httpClient, ILoggerFactory? loggerFactory, TimeProvider? timeProvider, HttpsTlsState? tlsState = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        loggerFactory ??= NullLoggerFactory.Instance;
        Logger = loggerFactory.CreateLogger("Ses.Transport.Https");
        _time = timeProvider ?? TimeProvider.System;
        _timeout = options.OperationTimeout;
        Endpoint = options.ResolveEndpoint();
        _host = Endpoint.Authority;
        _basePath = Endpoint.AbsolutePath.TrimEnd('/');
        _signer = new AwsSigV4Signer(options.Region!, SesApiEndpoint.SigningService);
        _credentials = options.CredentialsProvider ?? new DefaultCredentialsChain(timeProvider: _time, loggerFactory: loggerFactory);

        if (httpClient is null)
        {
            _tls = new HttpsTlsState();
            _client = new HttpClient(SesHttpHandler.Create(options, _tls), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
            _ownsClient = true;
        }
        else
        {
            _client = httpClient;
            _tls = tlsState;
        }

        Log.HttpsClientCreated(Logger, Endpoint.ToString(), options.Region!, _ownsClient ? "own" : "injected", _credentials.GetType().Name);
    }

    /// <summary>The endpoint requests go to.</summary>
    public Uri Endpoint { get; }

    /// <summary>The logger of the HTTPS layer.</summary>
    public ILogger Logger { get; }

    /// <summary>How far the local clock is behind the server's, as learnt from a clock-skew refusal (zero until then).</summary>
    public TimeSpan ClockOffset => TimeSpan.FromTicks(Interlocked.Read(ref _clockOffsetTicks));

    /// <summary>
    /// Sends one signed request and returns the successful answer.
    /// </summary>
    /// <param name="operation">The SES operation name, for logs and messages.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path below the endpoint, starting with '/', already percent-encoded.</param>
    /// <param name="body">The JSON body; empty for none.</param>
    /// <param name="bodySha256">The SHA-256 of <paramref name="body"/>, computed once by the caller for all of its attempts.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="SesTransportException">A typed failure: TLS, connection, time-out, or an SES error answer.</exception>
    public async Task<SesApiResponse> SendAsync(
        string operation, HttpMethod method, string path, ReadOnlyMemory<byte> body, byte[] bodySha256, CancellationToken cancellationToken)
    {
        // Asked for every request: a refreshing provider hands out new credentials as the old ones expire.
        var credentials = await _credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        var uri = new UriBuilder(Endpoint) { Path = _basePath + path }.Uri;
        for (var resigned = false; ; resigned = true)
        {
            var signedAt = _time.GetUtcNow() + ClockOffset;
            using var request = new HttpRequestMessage(method, uri);
            if (!body.IsEmpty)
            {
                request.Content = new PooledBodyContent(body);
            }

            _signer.Sign(request, bodySha256, credentials, signedAt);

            var started = _time.GetTimestamp();
            using var timeout = new CancellationTokenSource(_timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                var content = await ReadBodyAsync(operation, response, linked.Token).ConfigureAwait(false);
                var requestId = Header(response, RequestIdHeader);
                if (response.IsSuccessStatusCode)
                {
                    Log.HttpsRequestCompleted(Logger, operation, (int)response.StatusCode, _time.GetElapsedTime(started).TotalMilliseconds, requestId);
                    return new SesApiResponse(response.StatusCode, content, requestId, _tls?.Protocol ?? SslProtocols.None, _tls?.CipherSuite);
                }

                var error = SesApiError.Parse(response.StatusCode, Header(response, ErrorTypeHeader), requestId, content);
                Log.HttpsErrorResponse(Logger, operation, (int)error.StatusCode, error.Type, error.Message, error.RequestId);
                if (!resigned && SesApiErrorMapper.IsClockSkew(error, response.Headers.Date, signedAt))
                {
                    var offset = response.Headers.Date!.Value - _time.GetUtcNow();
                    Interlocked.Exchange(ref _clockOffsetTicks, offset.Ticks);
                    Log.HttpsClockSkewCorrected(Logger, operation, error.Type, Math.Round(offset.TotalSeconds));
                    continue;
                }

                throw SesApiErrorMapper.ToException(error, RetryAfter(response));
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
            {
                Log.HttpsTimedOut(Logger, operation, _host, _timeout.TotalSeconds);
                throw new SesConnectionException($"SES API {operation}: {_host} did not answer within {_timeout.TotalSeconds:0.###} s.", ex)
                {
                    Transport = SesTransportKind.Https,
                };
            }
            catch (HttpRequestException ex)
            {
                throw MapRequestFailure(operation, ex);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private SesTransportException MapRequestFailure(string operation, HttpRequestException ex)
    {
        if (ex.HttpRequestError == HttpRequestError.SecureConnectionError || Has<AuthenticationException>(ex))
        {
            var failure = TlsFailureClassifier.Classify(ex);
            if (failure == TlsFailure.HandshakeFailed && _tls?.TakeCertificateFailure() is { } refused)
            {
                failure = refused;
            }

            Log.HttpsTlsFailed(Logger, operation, _host, failure);
            return new SesTlsException(failure, $"TLS with {_host} could not be established ({failure}); nothing was sent.", ex)
            {
                Transport = SesTransportKind.Https,
            };
        }

        Log.HttpsConnectionFailed(Logger, operation, _host, ex.GetType().Name, ex.HttpRequestError);
        return new SesConnectionException($"SES API {operation}: the connection to {_host} failed ({ex.HttpRequestError}).", ex)
        {
            Transport = SesTransportKind.Https,
        };
    }

    private static async Task<byte[]> ReadBodyAsync(string operation, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is > MaxResponseBytes)
        {
            throw TooLarge(operation, response);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var memory = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (memory.Length + read > MaxResponseBytes)
                {
                    throw TooLarge(operation, response);
                }

                memory.Write(chunk, 0, read);
            }

            return memory.ToArray();
        }
    }

    private static SesServiceException TooLarge(string operation, HttpResponseMessage response) =>
        new($"SES API {operation}: the answer (HTTP {(int)response.StatusCode}) is larger than {MaxResponseBytes} bytes; refused.", isTransient: false)
        {
            Transport = SesTransportKind.Https,
            HttpStatusCode = (int)response.StatusCode,
        };

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - (_time.GetUtcNow() + ClockOffset) is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static bool Has<T>(Exception ex)
        where T : Exception
    {
        for (var e = ex.InnerException; e is not null; e = e.InnerException)
        {
            if (e is T)
            {
                return true;
            }
        }

        return false;
    }
}
