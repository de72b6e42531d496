namespace Ses.Transport;

/// <summary>SES refused the credentials (SMTP 535, API 403 on a valid signature). Permanent.</summary>
public sealed class SesAuthenticationException : SesTransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A description without secrets.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public SesAuthenticationException(string message, Exception? innerException = null)
        : base(message, isTransient: false, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public SesAuthenticationException()
        : this("Amazon SES refused the credentials.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">A description without secrets.</param>
    public SesAuthenticationException(string message)
        : this(message, innerException: null)
    {
    }
}
