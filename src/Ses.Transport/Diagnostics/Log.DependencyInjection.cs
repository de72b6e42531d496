using Microsoft.Extensions.Logging;
using Ses.Transport.Policy;

namespace Ses.Transport.Diagnostics;

/// <summary>Configuration-set provisioning, start-up checks and health checks (event ids 600–699). Parameters are names and kinds: no secret.</summary>
internal static partial class Log
{
    [LoggerMessage(600, LogLevel.Information, "Configuration set {ConfigurationSet} did not exist; created it")]
    public static partial void ConfigurationSetCreated(ILogger logger, string configurationSet);

    [LoggerMessage(601, LogLevel.Information, "Configuration set {ConfigurationSet}: delivery options put to TlsPolicy {TlsPolicy} and verified by reading them back")]
    public static partial void ConfigurationSetEnsured(ILogger logger, string configurationSet, ReceiverTls tlsPolicy);

    [LoggerMessage(602, LogLevel.Information, "Configuration set {ConfigurationSet} verified: TlsPolicy {TlsPolicy}")]
    public static partial void ConfigurationSetVerified(ILogger logger, string configurationSet, ReceiverTls tlsPolicy);

    [LoggerMessage(603, LogLevel.Error, "Configuration set {ConfigurationSet} does not match the delivery policy: expected TlsPolicy {Expected}, SES reports {Actual}")]
    public static partial void ConfigurationSetMismatch(ILogger logger, string configurationSet, ReceiverTls expected, string actual);

    [LoggerMessage(604, LogLevel.Debug, "Configuration set {ConfigurationSet} was created concurrently (AlreadyExistsException); continuing")]
    public static partial void ConfigurationSetCreatedConcurrently(ILogger logger, string configurationSet);

    [LoggerMessage(605, LogLevel.Information, "Start-up check of sender '{Sender}': {Mode} {Count} configuration set(s)")]
    public static partial void ConfigurationSetCheckStarting(ILogger logger, string sender, string mode, int count);

    [LoggerMessage(606, LogLevel.Warning, "Health check of sender '{Sender}': transport {Transport} unreachable ({ExceptionType})")]
    public static partial void HealthCheckTransportFailed(ILogger logger, string sender, SesTransportKind transport, string exceptionType);
}
