using Microsoft.Extensions.Logging;

namespace Ses.Transport.Testing.Internal;

/// <summary>The sandbox's log messages (event ids 9000–9099). No secret is ever a parameter.</summary>
internal static partial class SandboxLog
{
    [LoggerMessage(EventId = 9000, Level = LogLevel.Information, Message = "SES sandbox started: API {ApiEndpoint}, SMTP STARTTLS {StartTlsEndpoint}, SMTP TLS wrapper {TlsWrapperEndpoint}, region {Region}")]
    public static partial void Started(ILogger logger, Uri apiEndpoint, string startTlsEndpoint, string tlsWrapperEndpoint, string region);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "SES sandbox stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 9010, Level = LogLevel.Information, Message = "Accepted message {MessageId} over {Transport} ({TlsProtocol}), configuration set {ConfigurationSet}, hop 2 {Outcome}")]
    public static partial void Accepted(ILogger logger, string messageId, SesTransportKind transport, System.Security.Authentication.SslProtocols tlsProtocol, string? configurationSet, SandboxDeliveryOutcome outcome);

    [LoggerMessage(EventId = 9011, Level = LogLevel.Information, Message = "Fault injected on a {Transport} send: {Fault}")]
    public static partial void FaultInjected(ILogger logger, SesTransportKind transport, string fault);

    [LoggerMessage(EventId = 9020, Level = LogLevel.Warning, Message = "API request {Method} {Path} refused: {Status} {ErrorType}")]
    public static partial void ApiRefused(ILogger logger, string method, string path, int status, string errorType);

    [LoggerMessage(EventId = 9021, Level = LogLevel.Debug, Message = "API request {Method} {Path} answered {Status}")]
    public static partial void ApiAnswered(ILogger logger, string method, string path, int status);

    [LoggerMessage(EventId = 9030, Level = LogLevel.Warning, Message = "SMTP AUTH refused for user {UserName}")]
    public static partial void SmtpAuthRefused(ILogger logger, string userName);

    [LoggerMessage(EventId = 9031, Level = LogLevel.Warning, Message = "SMTP AUTH attempted before STARTTLS; answered 530")]
    public static partial void SmtpAuthBeforeTls(ILogger logger);
}
