namespace Ses.Transport;

/// <summary>The connection to SES could not be made or was lost (refused, reset, timed out, closed mid-command). Transient: a retry on a new connection may succeed. A connection lost after the message data was sent may mean SES accepted it: see the remarks of the transports.</summary>
public sealed class SesConnectionException : SesTransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A description without secrets.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public SesConnectionException(string message, Exception? innerException = null)
        : base(message, isTransient: true, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public SesConnectionException()
        : this("The connection to Amazon SES failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">A description without secrets.</param>
    public SesConnectionException(string message)
        : this(message, innerException: null)
    {
    }
}
