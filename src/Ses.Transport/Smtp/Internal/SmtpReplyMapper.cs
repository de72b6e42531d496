using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Ses.Transport.Smtp.Internal;

/// <summary>
/// Turns what MailKit reports (SMTP replies, protocol and I/O failures) into the library's typed exceptions, each
/// with the SMTP status code and the server's text, and says whether a retry can help.
/// </summary>
/// <remarks>
/// SES reply texts come from the SES Developer Guide, "SMTP response codes returned by Amazon SES":
/// <c>454 Throttling failure: Maximum sending rate exceeded</c>, <c>454 Throttling failure: Daily message quota
/// exceeded</c>, <c>451 Timeout waiting for data from client</c>, <c>421 ... closing transmission channel</c>,
/// <c>535 Authentication Credentials Invalid</c>, <c>552 Message size exceeds ...</c>,
/// <c>554 Message rejected: ...</c>, <c>554 Access denied: ...</c>.
/// </remarks>
internal static class SmtpReplyMapper
{
    public const string MaximumSendingRateExceeded = "Maximum sending rate exceeded";

    public const string DailyMessageQuotaExceeded = "Daily message quota exceeded";

    public const string ThrottlingFailure = "Throttling failure";

    public const string TimeoutWaitingForData = "Timeout waiting for data";

    /// <summary>The longest server text kept in an exception.</summary>
    private const int MaxServerMessageLength = 512;

    /// <summary>Maps an SMTP error reply.</summary>
    public static SesTransportException FromReply(SesTransportKind transport, int statusCode, string? text, SecretRedactor redactor, Exception? inner = null)
    {
        var server = Clean(text, redactor);
        inner = redactor.SafeInner(inner);
        var reply = $"{statusCode} {server}".TrimEnd();
        return statusCode switch
        {
            // SES (and RFC 5321 §3.8) closes the channel after 421: the connection is gone, a new one may work.
            421 => new SesConnectionException($"The server is closing the connection: {reply}", inner)
            {
                Transport = transport, SmtpStatusCode = statusCode, ServerMessage = server,
            },
            454 when Contains(server, ThrottlingFailure) || Contains(server, MaximumSendingRateExceeded) || Contains(server, DailyMessageQuotaExceeded)
                => new SesThrottlingException($"Amazon SES throttled the send: {reply}", inner)
                {
                    Transport = transport,
                    SmtpStatusCode = statusCode,
                    ServerMessage = server,
                    DailyQuotaExceeded = Contains(server, DailyMessageQuotaExceeded),
                },

            // SES sends "451 4.4.2 Timeout waiting for data from client." and drops a connection it considers idle.
            451 when Contains(server, TimeoutWaitingForData) => new SesConnectionException($"The server timed the connection out: {reply}", inner)
            {
                Transport = transport, SmtpStatusCode = statusCode, ServerMessage = server,
            },
            530 or 534 or 535 or 538 => new SesAuthenticationException($"The server refused the credentials: {reply}", inner)
            {
                Transport = transport, SmtpStatusCode = statusCode, ServerMessage = server,
            },
            552 => new SesMessageTooLargeException($"The server refused the message as too large: {reply}", inner)
            {
                Transport = transport, SmtpStatusCode = statusCode, ServerMessage = server,
            },
            >= 400 and < 500 => new SesTransportException($"The server reported a temporary failure: {reply}", isTransient: true, inner)
            {
                Transport = transport, SmtpStatusCode = statusCode, ServerMessage = server,
            },
            >= 500 and < 600 => new SesMessageRejectedException($"The server rejected the message: {reply}", inner)
            {
                Transport = transport, SmtpStatusCode = statusCode, ServerMessage = server,
            },
            _ => new SesTransportException($"The server gave an unexpected reply: {reply}", isTransient: false, inner)
            {
                Transport = transport, SmtpStatusCode = statusCode, ServerMessage = server,
            },
        };
    }

    /// <summary>
    /// Maps a failure of an established session (MAIL, RCPT, DATA, NOOP). <paramref name="dataBytesSent"/> says how much
    /// of the message had been written when it happened.
    /// </summary>
    public static SesTransportException FromSendFailure(SesTransportKind transport, Exception exception, long dataBytesSent, SecretRedactor redactor) =>
        exception switch
        {
            SesTransportException typed => typed,
            SmtpCommandException command => FromReply(transport, (int)command.StatusCode, command.Message, redactor, command),
            _ when dataBytesSent > 0 && IsConnectionFailure(exception) => new SesConnectionException(
                "The connection was lost after message data had been sent and before the server answered. "
                + "The server may have accepted the message; a retry may deliver it twice.",
                redactor.SafeInner(exception))
            {
                Transport = transport,
            },
            _ when IsConnectionFailure(exception) => new SesConnectionException($"The connection to the server was lost ({exception.GetType().Name}).", redactor.SafeInner(exception))
            {
                Transport = transport,
            },
            _ => new SesTransportException($"Sending failed: {exception.GetType().Name}.", isTransient: false, redactor.SafeInner(exception)) { Transport = transport },
        };

    /// <summary>Whether <paramref name="exception"/> means the connection failed or was lost (transient).</summary>
    public static bool IsConnectionFailure(Exception exception) =>
        exception is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException or TimeoutException
            or OperationCanceledException or ObjectDisposedException;

    /// <summary>The server's text, without control characters, secrets or excess length.</summary>
    public static string Clean(string? text, SecretRedactor redactor)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var chars = text.Length > MaxServerMessageLength ? text.AsSpan(0, MaxServerMessageLength) : text.AsSpan();
        var clean = string.Create(chars.Length, chars.ToString(), static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        });
        return redactor.Redact(clean.Trim());
    }

    private static bool Contains(string text, string value) => text.Contains(value, StringComparison.OrdinalIgnoreCase);
}
