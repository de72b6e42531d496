using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace Ses.Transport.Diagnostics;

/// <summary>SMTP transport messages (event ids 100–199). No parameter ever carries a credential.</summary>
internal static partial class Log
{
    [LoggerMessage(100, LogLevel.Debug, "{Transport}: connected to {Host}:{Port} over {TlsProtocol} ({CipherSuite}), authenticated")]
    public static partial void SmtpConnected(ILogger logger, SesTransportKind transport, string host, int port, SslProtocols tlsProtocol, string cipherSuite);

    [LoggerMessage(101, LogLevel.Debug, "{Transport}: closed a connection to {Host}:{Port} after {Messages} message(s): {Reason}")]
    public static partial void SmtpConnectionClosed(ILogger logger, SesTransportKind transport, string host, int port, int messages, string reason);

    [LoggerMessage(102, LogLevel.Debug, "{Transport}: connection idle for {IdleMs} ms answered NOOP; reusing it")]
    public static partial void SmtpIdleConnectionRefreshed(ILogger logger, SesTransportKind transport, double idleMs);

    [LoggerMessage(103, LogLevel.Information, "{Transport}: connection idle for {IdleMs} ms failed NOOP ({ExceptionType}); replacing it")]
    public static partial void SmtpIdleConnectionStale(ILogger logger, SesTransportKind transport, double idleMs, string exceptionType);

    [LoggerMessage(104, LogLevel.Warning, "{Transport}: TLS with {Host}:{Port} refused: {Failure}; nothing was sent")]
    public static partial void SmtpTlsFailed(ILogger logger, SesTransportKind transport, string host, int port, TlsFailure failure);

    [LoggerMessage(105, LogLevel.Warning, "{Transport}: {Host}:{Port} refused the credentials (SMTP {SmtpStatusCode})")]
    public static partial void SmtpAuthenticationFailed(ILogger logger, SesTransportKind transport, string host, int port, int? smtpStatusCode);

    [LoggerMessage(106, LogLevel.Information, "{Transport}: SMTP {SmtpStatusCode} from {Host}:{Port}: {ServerMessage}")]
    public static partial void SmtpErrorReply(ILogger logger, SesTransportKind transport, string host, int port, int smtpStatusCode, string serverMessage);

    [LoggerMessage(107, LogLevel.Warning, "{Transport}: connection to {Host}:{Port} lost after {BytesSent} of {TotalBytes} message bytes were sent; SES may have accepted the message, a retry may deliver it twice")]
    public static partial void SmtpConnectionLostDuringData(ILogger logger, SesTransportKind transport, string host, int port, long bytesSent, long totalBytes);

    [LoggerMessage(108, LogLevel.Information, "{Transport}: connection to {Host}:{Port} failed: {ExceptionType}")]
    public static partial void SmtpConnectionFailed(ILogger logger, SesTransportKind transport, string host, int port, string exceptionType);

    [LoggerMessage(109, LogLevel.Debug, "{Transport}: created for {Host}:{Port}, pool of {PoolSize}")]
    public static partial void SmtpTransportCreated(ILogger logger, SesTransportKind transport, string host, int port, int poolSize);

    [LoggerMessage(110, LogLevel.Debug, "{Transport}: disposed; closed {Connections} idle connection(s)")]
    public static partial void SmtpTransportDisposed(ILogger logger, SesTransportKind transport, int connections);
}
