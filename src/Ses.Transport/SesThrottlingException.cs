namespace Ses.Transport;

/// <summary>
/// SES throttled the send (SMTP 454 "Throttling failure: Maximum sending rate exceeded" or
/// "Daily message quota exceeded", HTTP 429, <c>TooManyRequestsException</c>). Transient.
/// </summary>
public sealed class SesThrottlingException : SesTransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A description without secrets.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public SesThrottlingException(string message, Exception? innerException = null)
        : base(message, isTransient: true, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public SesThrottlingException()
        : this("Amazon SES throttled the send.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">A description without secrets.</param>
    public SesThrottlingException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>How long the server asked the client to wait, when it said (HTTP <c>Retry-After</c>).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary><see langword="true"/> when the daily sending quota, not the rate, was exceeded; retrying soon will not help.</summary>
    public bool DailyQuotaExceeded { get; init; }
}
