namespace Ses.Transport.Policy;

/// <summary>
/// The message cannot be sent as the <see cref="DeliveryPolicy"/> demands, so nothing was sent. Permanent: sending it
/// again fails the same way until the policy, the keys or the configuration sets change — except
/// <see cref="DeliveryPolicyViolation.SendRateUnavailable"/>, transient when reading the account's rate failed
/// transiently. The message names addresses, rules and settings (never a key or secret).
/// </summary>
public sealed class DeliveryPolicyViolationException : SesTransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="violation">What is violated.</param>
    /// <param name="message">A description without secrets.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public DeliveryPolicyViolationException(DeliveryPolicyViolation violation, string message, Exception? innerException = null)
        : this(violation, message, isTransient: false, innerException)
    {
    }

    /// <summary>Creates the exception, transient when the underlying failure is.</summary>
    internal DeliveryPolicyViolationException(DeliveryPolicyViolation violation, string message, bool isTransient, Exception? innerException)
        : base(message, isTransient, innerException)
    {
        Violation = violation;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public DeliveryPolicyViolationException()
        : this(DeliveryPolicyViolation.ProtectionFailed, "The message cannot be sent as the delivery policy demands.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">A description without secrets.</param>
    public DeliveryPolicyViolationException(string message)
        : this(DeliveryPolicyViolation.ProtectionFailed, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">A description without secrets.</param>
    /// <param name="innerException">The underlying failure.</param>
    public DeliveryPolicyViolationException(string message, Exception innerException)
        : this(DeliveryPolicyViolation.ProtectionFailed, message, innerException)
    {
    }

    /// <summary>What is violated.</summary>
    public DeliveryPolicyViolation Violation { get; }

    /// <summary>The recipient or sender address concerned, when one is.</summary>
    public string? Address { get; init; }

    /// <summary>The setting concerned (a configuration set name, <c>EndToEnd.Scheme</c>, a rule name), when one is.</summary>
    public string? Setting { get; init; }
}
