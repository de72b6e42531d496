using System.Net;
using Microsoft.Extensions.Logging;

namespace Ses.Transport.Diagnostics;

/// <summary>
/// HTTPS transport and API client messages (event ids 200–299). No parameter ever carries a credential, a signature,
/// the <c>Authorization</c> header, a security token or message content.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(200, LogLevel.Debug, "SES API client created for {Endpoint} (region {Region}, {HandlerKind} handler, credentials from {CredentialsSource})")]
    public static partial void HttpsClientCreated(ILogger logger, string endpoint, string region, string handlerKind, string credentialsSource);

    [LoggerMessage(201, LogLevel.Debug, "SES API {Operation}: HTTP {StatusCode} in {ElapsedMs} ms (request {RequestId})")]
    public static partial void HttpsRequestCompleted(ILogger logger, string operation, int statusCode, double elapsedMs, string? requestId);

    [LoggerMessage(202, LogLevel.Information, "SES API {Operation}: HTTP {StatusCode} {ErrorType}: {ServerMessage} (request {RequestId})")]
    public static partial void HttpsErrorResponse(ILogger logger, string operation, int statusCode, string? errorType, string? serverMessage, string? requestId);

    [LoggerMessage(203, LogLevel.Warning, "SES API {Operation}: refused as clock skew ({ErrorType}); the local clock is {OffsetSeconds} s off the server's Date, re-signing once")]
    public static partial void HttpsClockSkewCorrected(ILogger logger, string operation, string? errorType, double offsetSeconds);

    [LoggerMessage(204, LogLevel.Warning, "SES API {Operation}: TLS with {Host} refused: {Failure}; nothing was sent")]
    public static partial void HttpsTlsFailed(ILogger logger, string operation, string host, TlsFailure failure);

    [LoggerMessage(205, LogLevel.Information, "SES API {Operation}: connection to {Host} failed: {ExceptionType} ({HttpRequestError})")]
    public static partial void HttpsConnectionFailed(ILogger logger, string operation, string host, string exceptionType, HttpRequestError httpRequestError);

    [LoggerMessage(206, LogLevel.Information, "SES API {Operation}: no answer from {Host} within {TimeoutSeconds} s")]
    public static partial void HttpsTimedOut(ILogger logger, string operation, string host, double timeoutSeconds);
}
