namespace Ses.Transport.Credentials;

/// <summary>
/// AWS credentials could not be found or loaded (missing, malformed file, metadata endpoint unreachable).
/// The message names the source, never a secret.
/// </summary>
public sealed class AwsCredentialsException : SesTransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A description without secrets.</param>
    /// <param name="isTransient">Whether a later attempt may succeed (a metadata endpoint that did not answer).</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public AwsCredentialsException(string message, bool isTransient, Exception? innerException = null)
        : base(message, isTransient, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public AwsCredentialsException()
        : this("No AWS credentials were found.", isTransient: false)
    {
    }

    /// <summary>Creates a permanent failure.</summary>
    /// <param name="message">A description without secrets.</param>
    public AwsCredentialsException(string message)
        : this(message, isTransient: false)
    {
    }

    /// <summary>Creates a permanent failure.</summary>
    /// <param name="message">A description without secrets.</param>
    /// <param name="innerException">The underlying failure.</param>
    public AwsCredentialsException(string message, Exception innerException)
        : this(message, isTransient: false, innerException)
    {
    }
}
