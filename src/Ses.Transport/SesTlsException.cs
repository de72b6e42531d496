namespace Ses.Transport;

/// <summary>
/// TLS could not be established as required, so nothing (no credential, no message byte) was sent.
/// Permanent: the same server will refuse again until its configuration or the trust settings change.
/// </summary>
public sealed class SesTlsException : SesTransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="failure">What went wrong.</param>
    /// <param name="message">A description without secrets.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public SesTlsException(TlsFailure failure, string message, Exception? innerException = null)
        : base(message, isTransient: false, innerException)
    {
        Failure = failure;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public SesTlsException()
        : this(TlsFailure.HandshakeFailed, "TLS with Amazon SES could not be established.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">A description without secrets.</param>
    public SesTlsException(string message)
        : this(TlsFailure.HandshakeFailed, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">A description without secrets.</param>
    /// <param name="innerException">The underlying failure.</param>
    public SesTlsException(string message, Exception innerException)
        : this(TlsFailure.HandshakeFailed, message, innerException)
    {
    }

    /// <summary>What went wrong.</summary>
    public TlsFailure Failure { get; }
}
