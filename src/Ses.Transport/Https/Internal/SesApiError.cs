using System.Net;
using System.Text.Json;

namespace Ses.Transport.Https.Internal;

/// <summary>
/// An error answer of the SES v2 API (AWS rest-json protocol): the error type from the <c>x-amzn-ErrorType</c> header,
/// else the body's <c>code</c>, <c>Code</c> or <c>__type</c>; the message from <c>message</c> or <c>Message</c>;
/// the request id from <c>x-amzn-RequestId</c>. Source: the AWS rest-json 1.0 protocol specification ("Operation
/// error serialization": strip anything after ':' and anything up to '#').
/// </summary>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="Type">The error type, for example <c>MessageRejected</c>, or <see langword="null"/> when none was given.</param>
/// <param name="Message">The server's message, or <see langword="null"/>.</param>
/// <param name="RequestId">The request id, or <see langword="null"/>.</param>
internal sealed record SesApiError(HttpStatusCode StatusCode, string? Type, string? Message, string? RequestId)
{
    /// <summary>The longest server message kept (the rest is cut), so a hostile server cannot flood logs and exceptions.</summary>
    public const int MaxMessageLength = 512;

    /// <summary>What replaces the server's echo of the signed request in a kept message.</summary>
    public const string SigningEchoOmitted = "[the server's copy of the signed request is omitted]";

    /// <summary>
    /// Where AWS starts echoing the request it expected in a <c>SignatureDoesNotMatch</c> message ("The Canonical
    /// String for this request should have been ..." and "The String-to-Sign should have been ..."). The canonical
    /// request lists the signed headers with their values, <c>x-amz-security-token</c> (the session token) among
    /// them, so that part never reaches a log or an exception message.
    /// </summary>
    private static readonly string[] SigningEchoMarkers = ["The Canonical String", "The String-to-Sign"];

    /// <summary>Reads the error from a response's status, headers and body.</summary>
    public static SesApiError Parse(HttpStatusCode status, string? errorTypeHeader, string? requestIdHeader, ReadOnlySpan<byte> body)
    {
        string? type = NormalizeType(errorTypeHeader);
        string? message = null;
        if (body.Length > 0)
        {
            try
            {
                var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 16 });
                if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    string? code = null;
                    string? typeField = null;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isCode = reader.ValueTextEquals("code") || reader.ValueTextEquals("Code");
                        var isType = reader.ValueTextEquals("__type");
                        var isMessage = reader.ValueTextEquals("message") || reader.ValueTextEquals("Message");
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.String)
                        {
                            if (isCode)
                            {
                                code ??= reader.GetString();
                            }
                            else if (isType)
                            {
                                typeField ??= reader.GetString();
                            }
                            else if (isMessage)
                            {
                                message ??= reader.GetString();
                            }
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }

                    type ??= NormalizeType(code) ?? NormalizeType(typeField);
                }
            }
            catch (JsonException)
            {
                // Not JSON (a proxy's HTML page, a truncated body): the status code alone decides.
            }
        }

        return new SesApiError(status, type, Clean(WithoutSigningEcho(message)), Clean(requestIdHeader));
    }

    /// <summary>
    /// <c>aws.protocoltests.restjson#FooError:http://internal.amazon.com/...</c> → <c>FooError</c>.
    /// </summary>
    public static string? NormalizeType(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var span = value.AsSpan().Trim();
        var colon = span.IndexOf(':');
        if (colon >= 0)
        {
            span = span[..colon];
        }

        var hash = span.LastIndexOf('#');
        if (hash >= 0)
        {
            span = span[(hash + 1)..];
        }

        span = span.Trim();
        return span.IsEmpty ? null : Clean(span.ToString());
    }

    /// <summary>Cuts <paramref name="message"/> where the server starts echoing the signed request (see <see cref="SigningEchoMarkers"/>).</summary>
    private static string? WithoutSigningEcho(string? message)
    {
        if (message is null)
        {
            return null;
        }

        var cut = -1;
        foreach (var marker in SigningEchoMarkers)
        {
            var at = message.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (at >= 0 && (cut < 0 || at < cut))
            {
                cut = at;
            }
        }

        return cut < 0 ? message : message[..cut].TrimEnd() + " " + SigningEchoOmitted;
    }

    /// <summary>Cuts a server-supplied text to <see cref="MaxMessageLength"/> and replaces control characters.</summary>
    private static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var cut = text.Length > MaxMessageLength ? text[..MaxMessageLength] : text;
        return string.Create(cut.Length, cut, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        }).Trim();
    }
}
