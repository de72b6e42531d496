namespace Ses.Transport;

/// <summary>
/// The SES API answered with an error that is neither throttling, a rejected message, a refused credential nor a
/// TLS or connection failure: a server error (HTTP 5xx, transient), or a request SES refused for another reason
/// such as <c>NotFoundException</c>, <c>AlreadyExistsException</c> or <c>BadRequestException</c> (permanent).
/// Branch on <see cref="SesTransportException.ErrorType"/> and <see cref="SesTransportException.HttpStatusCode"/>.
/// </summary>
public sealed class SesServiceException : SesTransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, without secrets.</param>
    /// <param name="isTransient">Whether a retry can help.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public SesServiceException(string message, bool isTransient, Exception? innerException = null)
        : base(message, isTransient, innerException)
    {
    }

    /// <summary>Creates a permanent exception with a default message.</summary>
    public SesServiceException()
        : this("The Amazon SES API refused the request.", isTransient: false)
    {
    }

    /// <summary>Creates a permanent exception.</summary>
    /// <param name="message">What failed, without secrets.</param>
    public SesServiceException(string message)
        : this(message, isTransient: false)
    {
    }

    /// <summary>Creates a permanent exception.</summary>
    /// <param name="message">What failed, without secrets.</param>
    /// <param name="innerException">The underlying failure.</param>
    public SesServiceException(string message, Exception innerException)
        : this(message, isTransient: false, innerException)
    {
    }
}
