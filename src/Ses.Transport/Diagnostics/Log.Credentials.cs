using Microsoft.Extensions.Logging;

namespace Ses.Transport.Diagnostics;

// Credentials: event ids 300–399. No parameter ever carries a key, a secret, a token or an endpoint path.
internal static partial class Log
{
    [LoggerMessage(300, LogLevel.Debug, "AWS credentials source {Source} skipped: {Reason}")]
    public static partial void CredentialsSourceSkipped(ILogger logger, string source, string? reason);

    [LoggerMessage(301, LogLevel.Debug, "AWS credentials found by source {Source} (expire {Expiration})")]
    public static partial void CredentialsFound(ILogger logger, string source, DateTimeOffset? expiration);

    [LoggerMessage(302, LogLevel.Debug, "Requesting {What} from {Endpoint}")]
    public static partial void RequestingCredentials(ILogger logger, string what, string endpoint);

    [LoggerMessage(303, LogLevel.Information, "AWS credentials from {Provider} loaded (expire {Expiration})")]
    public static partial void CredentialsLoaded(ILogger logger, string provider, DateTimeOffset? expiration);

    [LoggerMessage(304, LogLevel.Warning, "Refreshing AWS credentials from {Provider} failed ({ExceptionType}: {Reason}); the cached credentials are used until {Expiration}")]
    public static partial void CredentialsRefreshFailedUsingCached(ILogger logger, string provider, string exceptionType, string reason, DateTimeOffset? expiration);

    [LoggerMessage(305, LogLevel.Warning, "Loading AWS credentials from {Provider} failed ({ExceptionType}: {Reason})")]
    public static partial void CredentialsLoadFailed(ILogger logger, string provider, string exceptionType, string reason);
}
