using Microsoft.Extensions.Logging;

namespace Ses.Transport.Diagnostics;

/// <summary>
/// Every log message of the library, source-generated, with stable event ids. Each layer keeps its messages
/// in its own part of this class (<c>Log.Smtp.cs</c>, <c>Log.Https.cs</c>, ...): core 1–99, SMTP 100–199,
/// HTTPS 200–299, credentials 300–399, security 400–499, policy 500–599, DI 600–699.
/// No message ever has a parameter that carries a secret.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "{Transport}: transient failure ({ExceptionType}, SMTP {SmtpStatusCode}, SES {ErrorType}); attempt {NextAttempt} in {Delay}")]
    public static partial void RetryingTransientFailure(ILogger logger, SesTransportKind transport, int nextAttempt, TimeSpan delay, string exceptionType, int? smtpStatusCode, string? errorType);

    [LoggerMessage(2, LogLevel.Debug, "{Transport}: sent message {MessageId} in {ElapsedMs} ms ({Attempts} attempt(s), {TlsProtocol})")]
    public static partial void MessageSent(ILogger logger, SesTransportKind transport, string messageId, double elapsedMs, int attempts, System.Security.Authentication.SslProtocols tlsProtocol);

    [LoggerMessage(3, LogLevel.Warning, "{Transport}: send failed permanently: {ExceptionType} (SMTP {SmtpStatusCode}, SES {ErrorType})")]
    public static partial void SendFailed(ILogger logger, SesTransportKind transport, string exceptionType, int? smtpStatusCode, string? errorType);
}
