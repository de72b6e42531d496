namespace Ses.Transport;

/// <summary>
/// The root of every failure the library reports. It says whether a retry can help
/// (<see cref="IsTransient"/>) and carries the protocol facts the server gave; it never carries a secret.
/// </summary>
/// <remarks>Branch on the type and the properties, never on <see cref="Exception.Message"/>.</remarks>
public class SesTransportException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A description without secrets.</param>
    /// <param name="isTransient">Whether the same send may succeed later.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public SesTransportException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
    }

    /// <summary>Creates a permanent failure.</summary>
    public SesTransportException()
        : this("The message could not be sent through Amazon SES.", isTransient: false)
    {
    }

    /// <summary>Creates a permanent failure with a message.</summary>
    public SesTransportException(string message)
        : this(message, isTransient: false)
    {
    }

    /// <summary>Creates a permanent failure with a message and a cause.</summary>
    public SesTransportException(string message, Exception innerException)
        : this(message, isTransient: false, innerException)
    {
    }

    /// <summary>
    /// <see langword="true"/> when the failure is temporary (throttling, connection lost, server busy) and the same
    /// send may succeed later; <see langword="false"/> when it is permanent (rejected, authentication failed,
    /// policy violated, invalid message).
    /// </summary>
    public bool IsTransient { get; }

    /// <summary>The transport that failed, when one was involved.</summary>
    public SesTransportKind? Transport { get; init; }

    /// <summary>The SMTP reply code (for example 454 or 554), when the failure came from an SMTP reply.</summary>
    public int? SmtpStatusCode { get; init; }

    /// <summary>The HTTP status code, when the failure came from the SES API.</summary>
    public int? HttpStatusCode { get; init; }

    /// <summary>The SES error type (for example <c>MessageRejected</c>), when SES named one.</summary>
    public string? ErrorType { get; init; }

    /// <summary>The text the server gave (SMTP reply text or API error message).</summary>
    public string? ServerMessage { get; init; }

    /// <summary>The SES request id (<c>x-amzn-RequestId</c>), when SES gave one.</summary>
    public string? RequestId { get; init; }
}
