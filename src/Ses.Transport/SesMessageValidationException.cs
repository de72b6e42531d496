namespace Ses.Transport;

/// <summary>
/// The message breaks a rule SES enforces, found before any byte was sent. Permanent.
/// </summary>
public sealed class SesMessageValidationException : SesTransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="failure">Which rule was broken.</param>
    /// <param name="message">A description without secrets.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public SesMessageValidationException(MessageValidationFailure failure, string message, Exception? innerException = null)
        : base(message, isTransient: false, innerException)
    {
        Failure = failure;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public SesMessageValidationException()
        : this(MessageValidationFailure.Invalid, "The message is not valid for Amazon SES.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">A description without secrets.</param>
    public SesMessageValidationException(string message)
        : this(MessageValidationFailure.Invalid, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">A description without secrets.</param>
    /// <param name="innerException">The underlying failure.</param>
    public SesMessageValidationException(string message, Exception innerException)
        : base(message, isTransient: false, innerException)
    {
        Failure = MessageValidationFailure.Invalid;
    }

    /// <summary>Which rule was broken.</summary>
    public MessageValidationFailure Failure { get; }

    /// <summary>The address concerned, where one is (a recipient or sender address is not a secret).</summary>
    public string? Address { get; init; }
}
