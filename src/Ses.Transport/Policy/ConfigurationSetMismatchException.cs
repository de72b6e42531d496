namespace Ses.Transport.Policy;

/// <summary>
/// A configuration set's delivery options, as read back from SES, are not what the delivery policy needs (for example
/// its <c>TlsPolicy</c> is <c>OPTIONAL</c> where the policy demands <c>REQUIRE</c>), or the set does not exist. Permanent:
/// the library never sends with a weaker set than the policy names; fix the set (or let
/// <see cref="ConfigurationSetProvisioner.EnsureConfigurationSetAsync"/> put its options) and start again.
/// </summary>
public sealed class ConfigurationSetMismatchException : SesTransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="configurationSetName">The configuration set concerned.</param>
    /// <param name="expected">The receiver TLS the policy needs.</param>
    /// <param name="actual">The receiver TLS SES reported, or <see langword="null"/> when the set does not exist.</param>
    /// <param name="message">A description without secrets.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public ConfigurationSetMismatchException(string configurationSetName, ReceiverTls expected, ReceiverTls? actual, string message, Exception? innerException = null)
        : base(message, isTransient: false, innerException)
    {
        ConfigurationSetName = configurationSetName;
        Expected = expected;
        Actual = actual;
        Transport = SesTransportKind.Https;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ConfigurationSetMismatchException()
        : this("The configuration set's delivery options are not what the delivery policy needs.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">A description without secrets.</param>
    public ConfigurationSetMismatchException(string message)
        : base(message, isTransient: false)
    {
        ConfigurationSetName = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">A description without secrets.</param>
    /// <param name="innerException">The underlying failure.</param>
    public ConfigurationSetMismatchException(string message, Exception innerException)
        : base(message, isTransient: false, innerException)
    {
        ConfigurationSetName = string.Empty;
    }

    /// <summary>The configuration set concerned.</summary>
    public string ConfigurationSetName { get; }

    /// <summary>The receiver TLS (hop 2) the policy needs from the set.</summary>
    public ReceiverTls Expected { get; }

    /// <summary>The receiver TLS SES reported for the set, or <see langword="null"/> when the set does not exist.</summary>
    public ReceiverTls? Actual { get; }

    /// <summary>The <c>MaxDeliverySeconds</c> asked for, when one was and SES reported another.</summary>
    public long? ExpectedMaxDeliverySeconds { get; init; }

    /// <summary>The <c>MaxDeliverySeconds</c> SES reported, when <see cref="ExpectedMaxDeliverySeconds"/> is set.</summary>
    public long? ActualMaxDeliverySeconds { get; init; }
}
