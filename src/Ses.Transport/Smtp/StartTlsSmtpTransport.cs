using System.Diagnostics.Metrics;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;
using Ses.Transport.Smtp.Internal;

namespace Ses.Transport.Smtp;

/// <summary>
/// Sends through the SES SMTP interface over a connection upgraded with STARTTLS (RFC 3207), on port 587 by default
/// (SES also offers 25 and 2587). STARTTLS is mandatory: when the server does not offer it, refuses it, or the
/// handshake or certificate check fails, the send fails with <see cref="SesTlsException"/> before AUTH, so no
/// credential or message byte is ever sent in clear.
/// </summary>
/// <remarks>
/// <para>Safe for concurrent callers: one instance keeps a pool of authenticated connections
/// (<see cref="SmtpTransportOptions.PoolSize"/>) and should live as long as the application.</para>
/// <para>A connection lost after the message data was written and before the server's reply is reported as a
/// transient <see cref="SesConnectionException"/> and retried: SES may have accepted the first copy, so the
/// recipient can receive the message twice (at-least-once delivery).</para>
/// </remarks>
public sealed class StartTlsSmtpTransport : ISesTransport
{
    private readonly SmtpTransportCore _core;

    /// <summary>Creates the transport. No connection is made until the first send.</summary>
    /// <param name="options">The settings; read once, here.</param>
    /// <param name="loggerFactory">Where log messages go; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for connection ages, idle checks and retry delays; the system clock when <see langword="null"/>.</param>
    /// <param name="meterFactory">The factory for the library's meter; a shared meter when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid (no endpoint, no credentials, a port SES does not offer for STARTTLS, ...).</exception>
    public StartTlsSmtpTransport(
        StartTlsSmtpTransportOptions options,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null)
    {
        _core = new SmtpTransportCore(SesTransportKind.StartTlsSmtp, SecureSocketOptions.StartTls, options, loggerFactory, timeProvider, meterFactory);
    }

    /// <inheritdoc />
    public Task<SendReceipt> SendAsync(MimeMessage message, CancellationToken cancellationToken = default) =>
        _core.SendAsync(message, this, cancellationToken);

    /// <summary>Closes every pooled connection with <c>QUIT</c>. Sends still running finish; later sends throw <see cref="ObjectDisposedException"/>.</summary>
    /// <returns>A task that completes when the idle connections are closed.</returns>
    public ValueTask DisposeAsync() => _core.DisposeAsync();
}
