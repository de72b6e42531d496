namespace Ses.Transport.Https;

/// <summary>An SES configuration set as <see cref="SesApiClient.GetConfigurationSetAsync"/> reads it (the fields the library uses).</summary>
public sealed class SesConfigurationSet
{
    /// <summary>The configuration set's name.</summary>
    public required string Name { get; init; }

    /// <summary>Its delivery options (TLS policy to the receiver, IP pool, delivery time).</summary>
    public required SesDeliveryOptions DeliveryOptions { get; init; }
}
