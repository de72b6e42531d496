namespace Ses.Transport;

/// <summary>The message is larger than SES (40 MB) or the server (SIZE) accepts (SMTP 552). Permanent.</summary>
public sealed class SesMessageTooLargeException : SesTransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A description without secrets.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public SesMessageTooLargeException(string message, Exception? innerException = null)
        : base(message, isTransient: false, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public SesMessageTooLargeException()
        : this("The message is larger than Amazon SES accepts.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">A description without secrets.</param>
    public SesMessageTooLargeException(string message)
        : this(message, innerException: null)
    {
    }
}
