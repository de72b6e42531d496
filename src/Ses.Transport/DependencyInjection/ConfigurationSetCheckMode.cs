namespace Ses.Transport.DependencyInjection;

/// <summary>What the start-up check does with the configuration sets the delivery policy names.</summary>
public enum ConfigurationSetCheckMode
{
    /// <summary>No check at start-up. Sends that demand <see cref="Policy.ReceiverTls.Require"/> are refused until something records the set in <see cref="Policy.KnownConfigurationSets"/>. The default.</summary>
    None = 0,

    /// <summary>Read each set and fail start-up when one is missing or has another <c>TlsPolicy</c>; change nothing in SES.</summary>
    VerifyOnly = 1,

    /// <summary>Create missing sets and put their delivery options, read them back, and fail start-up when the read-back differs.</summary>
    Ensure = 2,
}
