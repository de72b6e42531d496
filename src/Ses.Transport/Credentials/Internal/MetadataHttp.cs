using System.Globalization;
using System.Net;
using System.Security.Authentication;
using System.Text.Json;

namespace Ses.Transport.Credentials.Internal;

/// <summary>
/// HTTP for the credential endpoints: one shared client when the caller gives none, per-request timeouts, a size
/// cap on answers, and errors that name the endpoint's host but never its path, a header or the body.
/// </summary>
internal static class MetadataHttp
{
    /// <summary>Credential documents are a few hundred bytes; a larger answer is refused.</summary>
    public const int MaxResponseBytes = 64 * 1024;

    private static readonly Lazy<HttpClient> SharedClient = new(CreateClient);

    /// <summary>
    /// The client used when none is injected. No proxy (a proxy would see the credentials, and the endpoints are
    /// local), no redirects, no cookies, TLS 1.2+ for HTTPS full URIs, a 1 s connect timeout so the chain does not
    /// hang off AWS. The overall timeout is per request (see <see cref="SendAsync"/>).
    /// </summary>
    public static HttpClient Shared => SharedClient.Value;

    /// <summary>
    /// Sends <paramref name="request"/> and reads the whole answer, within <paramref name="timeout"/>.
    /// </summary>
    /// <exception cref="AwsCredentialsException">Unreachable, timed out (transient), redirected somewhere not allowed, or too large.</exception>
    public static async Task<MetadataAnswer> SendAsync(
        HttpClient client,
        HttpRequestMessage request,
        Func<Uri, bool> isAllowed,
        TimeSpan timeout,
        TimeProvider timeProvider,
        string what,
        CancellationToken cancellationToken)
    {
        var endpoint = MetadataEndpoints.Describe(request.RequestUri!);
        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);

            // An injected client may follow redirects; the answer must still come from an allowed endpoint.
            if (response.RequestMessage?.RequestUri is { } final && !isAllowed(final))
            {
                throw new AwsCredentialsException($"{what}: {endpoint} redirected to {MetadataEndpoints.Describe(final)}, which is not an allowed credentials endpoint.");
            }

            if (response.Content.Headers.ContentLength > MaxResponseBytes)
            {
                throw TooLarge(what, endpoint);
            }

            var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var body = new MemoryStream();
                var buffer = new byte[4096];
                int read;
                while ((read = await stream.ReadAsync(buffer, linked.Token).ConfigureAwait(false)) > 0)
                {
                    if (body.Length + read > MaxResponseBytes)
                    {
                        throw TooLarge(what, endpoint);
                    }

                    body.Write(buffer, 0, read);
                }

                return new MetadataAnswer(response.StatusCode, body.ToArray());
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AwsCredentialsException(
                $"{what}: {endpoint} did not answer within {timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms.", isTransient: true, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new AwsCredentialsException($"{what}: {endpoint} could not be reached ({ex.HttpRequestError}).", isTransient: true, ex);
        }
        catch (IOException ex)
        {
            throw new AwsCredentialsException($"{what}: the connection to {endpoint} failed while reading the answer.", isTransient: true, ex);
        }
    }

    /// <summary>An error for a non-success status: 429 and 5xx are transient, everything else permanent.</summary>
    public static AwsCredentialsException StatusError(string what, Uri uri, HttpStatusCode status, string? hint = null)
    {
        var code = (int)status;
        var transient = code is 429 or >= 500;
        return new AwsCredentialsException(
            $"{what}: {MetadataEndpoints.Describe(uri)} answered HTTP {code.ToString(CultureInfo.InvariantCulture)}{(hint is null ? "" : " (" + hint + ")")}.", transient)
        {
            HttpStatusCode = code,
        };
    }

    /// <summary>
    /// Parses a credentials document. Errors name the missing or malformed member, never a value; the JSON
    /// reader's exception is not attached because its text can quote the input.
    /// </summary>
    public static AwsCredentials ParseCredentials(ReadOnlySpan<byte> json, string what)
    {
        MetadataCredentialsResponse? document;
        try
        {
            document = JsonSerializer.Deserialize(json, MetadataJsonContext.Default.MetadataCredentialsResponse);
        }
        catch (JsonException ex)
        {
            throw new AwsCredentialsException(
                $"{what}: the answer is not a valid credentials document (JSON error at {ex.Path ?? "$"}, byte {ex.BytePositionInLine?.ToString(CultureInfo.InvariantCulture) ?? "?"}).");
        }

        if (document is null)
        {
            throw new AwsCredentialsException($"{what}: the answer is not a valid credentials document (null).");
        }

        if (document.Code is not null && !string.Equals(document.Code, "Success", StringComparison.Ordinal))
        {
            throw new AwsCredentialsException($"{what}: the credentials document does not report Code 'Success'.", isTransient: true);
        }

        if (string.IsNullOrEmpty(document.AccessKeyId) || string.IsNullOrEmpty(document.SecretAccessKey))
        {
            throw new AwsCredentialsException($"{what}: the credentials document has no {(string.IsNullOrEmpty(document.AccessKeyId) ? "AccessKeyId" : "SecretAccessKey")}.");
        }

        // Temporary credentials without an expiry would be cached forever and fail once the token lapses.
        if (document.Expiration is null
            || !DateTimeOffset.TryParse(document.Expiration, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expiration))
        {
            throw new AwsCredentialsException($"{what}: the credentials document has no valid Expiration.");
        }

        return CredentialValues.Create(document.AccessKeyId, document.SecretAccessKey, document.Token, expiration, what);
    }

    private static AwsCredentialsException TooLarge(string what, string endpoint) =>
        new($"{what}: the answer from {endpoint} is larger than {MaxResponseBytes / 1024} KiB.");

    private static HttpClient CreateClient() =>
        new(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(1),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            MaxResponseHeadersLength = 16,
            SslOptions = { EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13 },
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
}
