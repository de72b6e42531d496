using System.Net;

namespace Ses.Transport.Https.Internal;

/// <summary>
/// Maps SES v2 API errors onto the library's exception types. The error types are SES's and AWS's common ones.
/// Sources: SES API v2 reference, <c>SendEmail</c> "Errors" and "Common Errors"; AWS General Reference, "Signature
/// Version 4 error responses".
/// </summary>
internal static class SesApiErrorMapper
{
    /// <summary>Throttling and quota errors: transient, retried.</summary>
    private static readonly HashSet<string> Throttling = new(StringComparer.Ordinal)
    {
        "TooManyRequestsException", "Throttling", "ThrottlingException", "LimitExceededException",
    };

    /// <summary>The message or the sending identity was refused: permanent.</summary>
    private static readonly HashSet<string> Rejected = new(StringComparer.Ordinal)
    {
        "MessageRejected", "MailFromDomainNotVerifiedException", "AccountSuspendedException", "SendingPausedException",
    };

    /// <summary>The credentials or the signature were refused: permanent.</summary>
    private static readonly HashSet<string> Authentication = new(StringComparer.Ordinal)
    {
        "UnrecognizedClientException", "InvalidClientTokenId", "SignatureDoesNotMatch", "InvalidSignatureException",
        "IncompleteSignature", "MissingAuthenticationToken", "AccessDeniedException", "AccessDenied", "ExpiredTokenException",
        "RequestExpired", "RequestTimeTooSkewed", "NotAuthorized",
    };

    /// <summary>Errors that say the request's time is too far from the server's (AWS SigV4 allows 5 minutes).</summary>
    private static readonly HashSet<string> ClockSkew = new(StringComparer.Ordinal)
    {
        "RequestTimeTooSkewed", "RequestExpired", "InvalidSignatureException", "SignatureDoesNotMatch",
    };

    /// <summary>The clock difference AWS tolerates before it refuses a signature. Source: AWS SigV4 documentation ("within five minutes").</summary>
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);

    /// <summary>Transient server-side errors sent with a 4xx/5xx type name.</summary>
    private static readonly HashSet<string> ServerErrors = new(StringComparer.Ordinal)
    {
        "InternalFailure", "InternalServerError", "ServiceUnavailable", "ServiceUnavailableException", "InternalServiceError",
    };

    /// <summary>
    /// Whether <paramref name="error"/> is a clock-skew refusal that re-signing with the server's time can cure: a
    /// skew error type, and a server <c>Date</c> more than a few seconds away from the time the request was signed
    /// with (for <c>SignatureDoesNotMatch</c> and <c>InvalidSignatureException</c>, which have other causes too, more
    /// than the 5 minutes AWS allows).
    /// </summary>
    public static bool IsClockSkew(SesApiError error, DateTimeOffset? serverDate, DateTimeOffset signedAt)
    {
        if (error.Type is not { } type || !ClockSkew.Contains(type) || serverDate is not { } date)
        {
            return false;
        }

        var difference = (date - signedAt).Duration();
        return type is "SignatureDoesNotMatch" or "InvalidSignatureException"
            ? difference > AllowedSkew
            : difference > TimeSpan.FromSeconds(5);
    }

    /// <summary>The typed exception for <paramref name="error"/>.</summary>
    public static SesTransportException ToException(SesApiError error, TimeSpan? retryAfter)
    {
        var status = (int)error.StatusCode;
        var type = error.Type;
        var text = $"Amazon SES answered HTTP {status}{(type is null ? "" : " " + type)}{(error.Message is null ? "" : ": " + error.Message)}"
                   + (error.RequestId is null ? "." : $" (request {error.RequestId}).");

        var statusCode = error.StatusCode;
        if ((type is not null && Throttling.Contains(type)) || statusCode == HttpStatusCode.TooManyRequests)
        {
            return new SesThrottlingException(text) { RetryAfter = retryAfter, Transport = SesTransportKind.Https, HttpStatusCode = status, ErrorType = type, ServerMessage = error.Message, RequestId = error.RequestId };
        }

        if (type is not null && Rejected.Contains(type))
        {
            return new SesMessageRejectedException(text) { Transport = SesTransportKind.Https, HttpStatusCode = status, ErrorType = type, ServerMessage = error.Message, RequestId = error.RequestId };
        }

        if (statusCode == HttpStatusCode.RequestEntityTooLarge)
        {
            return new SesMessageTooLargeException(text) { Transport = SesTransportKind.Https, HttpStatusCode = status, ErrorType = type, ServerMessage = error.Message, RequestId = error.RequestId };
        }

        if ((type is not null && Authentication.Contains(type)) || statusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return new SesAuthenticationException(text) { Transport = SesTransportKind.Https, HttpStatusCode = status, ErrorType = type, ServerMessage = error.Message, RequestId = error.RequestId };
        }

        var transient = status >= 500 || (type is not null && ServerErrors.Contains(type));
        return new SesServiceException(text, transient) { Transport = SesTransportKind.Https, HttpStatusCode = status, ErrorType = type, ServerMessage = error.Message, RequestId = error.RequestId };
    }
}
