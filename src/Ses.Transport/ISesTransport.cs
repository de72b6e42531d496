using MimeKit;

namespace Ses.Transport;

/// <summary>
/// Sends a <see cref="MimeMessage"/> to Amazon SES. Implementations are safe for concurrent callers:
/// one instance serves the whole application.
/// </summary>
public interface ISesTransport : IAsyncDisposable
{
    /// <summary>Sends <paramref name="message"/> and returns what SES answered.</summary>
    /// <param name="message">The message. It is not modified.</param>
    /// <param name="cancellationToken">Cancels the send; a cancelled send may or may not have reached SES.</param>
    /// <returns>The receipt: SES message id, transport, negotiated TLS, configuration set and elapsed time.</returns>
    /// <exception cref="SesTransportException">The message could not be sent; <see cref="SesTransportException.IsTransient"/> says whether a later retry can help.</exception>
    /// <exception cref="ObjectDisposedException">The transport was disposed.</exception>
    Task<SendReceipt> SendAsync(MimeMessage message, CancellationToken cancellationToken = default);
}
