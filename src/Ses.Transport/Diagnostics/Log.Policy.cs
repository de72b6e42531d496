using Microsoft.Extensions.Logging;
using Ses.Transport.Policy;
using Ses.Transport.Security;

namespace Ses.Transport.Diagnostics;

/// <summary>Delivery policy log messages, event ids 500–599. Parameters are names, counts and kinds: no key, secret or address.</summary>
internal static partial class Log
{
    [LoggerMessage(500, LogLevel.Debug, "Planned message {MessageId}: transports [{Transports}], configuration set {ConfigurationSet}, receiver TLS {ReceiverTls}, end to end {Protection} ({Scheme}), apply {Apply}, {RecipientCount} recipient(s), rules [{Rules}]")]
    public static partial void Planned(ILogger logger, string? messageId, string transports, string? configurationSet, ReceiverTls receiverTls, MessageProtection protection, ProtectionScheme? scheme, MessageProtection apply, int recipientCount, string rules);

    [LoggerMessage(501, LogLevel.Warning, "Refused message {MessageId}: delivery policy violation {Violation} (setting {Setting}); nothing was sent")]
    public static partial void PolicyViolated(ILogger logger, string? messageId, DeliveryPolicyViolation violation, string? setting);

    [LoggerMessage(502, LogLevel.Warning, "Transport '{Transport}' failed at connection level ({ExceptionType}, SMTP {SmtpStatusCode}); benched until {BenchedUntil:O}, trying the next transport")]
    public static partial void TransportBenched(ILogger logger, string transport, string exceptionType, int? smtpStatusCode, DateTimeOffset benchedUntil);

    [LoggerMessage(503, LogLevel.Information, "Transport '{Transport}' sent again after being benched; back in service")]
    public static partial void TransportRecovered(ILogger logger, string transport);

    [LoggerMessage(504, LogLevel.Debug, "Sent message {MessageId} on transport '{Transport}' ({Failovers} failover(s), configuration set {ConfigurationSet})")]
    public static partial void SentOnTransport(ILogger logger, string messageId, string transport, int failovers, string? configurationSet);

    [LoggerMessage(505, LogLevel.Warning, "Transport '{Transport}' failed permanently ({ExceptionType}, SMTP {SmtpStatusCode}, SES {ErrorType}); no failover")]
    public static partial void PermanentFailureNoFailover(ILogger logger, string transport, string exceptionType, int? smtpStatusCode, string? errorType);

    [LoggerMessage(506, LogLevel.Information, "Send rate {RecipientsPerSecond} recipients per second ({Mode})")]
    public static partial void SendRateSet(ILogger logger, double recipientsPerSecond, SendRateMode mode);

    [LoggerMessage(507, LogLevel.Debug, "Protected message {MessageId} as the policy demands: {Protection} with {Scheme}")]
    public static partial void PolicyProtectionApplied(ILogger logger, string? messageId, MessageProtection protection, ProtectionScheme scheme);

    [LoggerMessage(508, LogLevel.Warning, "Could not re-read the account's maximum send rate ({ExceptionType}, SES {ErrorType}); keeping {RecipientsPerSecond} recipients per second, trying again in {RetryAfter}")]
    public static partial void AccountSendRateRefreshFailed(ILogger logger, string exceptionType, string? errorType, double recipientsPerSecond, TimeSpan retryAfter);

    [LoggerMessage(509, LogLevel.Error, "Could not read the account's maximum send rate ({ExceptionType}, SES {ErrorType}); refusing to send without a rate")]
    public static partial void AccountSendRateUnavailable(ILogger logger, string exceptionType, string? errorType);
}
