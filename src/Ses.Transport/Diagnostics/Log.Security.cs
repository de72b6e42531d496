using Microsoft.Extensions.Logging;
using Ses.Transport.Security;

namespace Ses.Transport.Diagnostics;

/// <summary>Security (S/MIME, PGP) log messages, event ids 400–499. No parameter carries a key, passphrase or signature.</summary>
internal static partial class Log
{
    [LoggerMessage(400, LogLevel.Debug, "Protected message {MessageId} with {Scheme} ({Protection}) for {RecipientCount} recipient(s)")]
    public static partial void MessageProtected(ILogger logger, string? messageId, ProtectionScheme scheme, MessageProtection protection, int recipientCount);

    [LoggerMessage(401, LogLevel.Warning, "Could not protect message {MessageId} with {Scheme} ({Protection}): {Failure} (key {Fingerprint})")]
    public static partial void ProtectionFailed(ILogger logger, string? messageId, ProtectionScheme scheme, MessageProtection protection, SecureMessageFailure failure, string? fingerprint);

    [LoggerMessage(402, LogLevel.Debug, "Read message {MessageId}: encrypted with {EncryptionScheme}, {SignatureCount} signature(s), valid {IsSignatureValid}, trusted {IsTrusted}")]
    public static partial void MessageRead(ILogger logger, string? messageId, ProtectionScheme? encryptionScheme, int signatureCount, bool isSignatureValid, bool isTrusted);

    [LoggerMessage(403, LogLevel.Warning, "Could not read protected message {MessageId}: {Failure}")]
    public static partial void ReadFailed(ILogger logger, string? messageId, SecureMessageFailure failure);
}
