namespace Ses.Transport;

/// <summary>SES rejected the message (SMTP 554 &quot;Message rejected&quot; or &quot;Access denied&quot;, API <c>MessageRejected</c> and similar). Permanent: sending it again will not help.</summary>
public sealed class SesMessageRejectedException : SesTransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A description without secrets.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public SesMessageRejectedException(string message, Exception? innerException = null)
        : base(message, isTransient: false, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public SesMessageRejectedException()
        : this("Amazon SES rejected the message.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">A description without secrets.</param>
    public SesMessageRejectedException(string message)
        : this(message, innerException: null)
    {
    }
}
