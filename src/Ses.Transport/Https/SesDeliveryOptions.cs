namespace Ses.Transport.Https;

/// <summary>How SES delivers mail sent with a configuration set (SES API v2 <c>DeliveryOptions</c>).</summary>
public sealed class SesDeliveryOptions
{
    /// <summary>Whether SES requires TLS to the receiver.</summary>
    /// <value>The default is <see cref="SesTlsPolicy.Optional"/>, as in SES.</value>
    public SesTlsPolicy TlsPolicy { get; init; }

    /// <summary>The dedicated IP pool the configuration set sends from, or <see langword="null"/> for the shared pool.</summary>
    public string? SendingPoolName { get; init; }

    /// <summary>How long SES keeps trying to deliver a message (300 to 50400 seconds), or <see langword="null"/> for SES's default.</summary>
    public long? MaxDeliverySeconds { get; init; }
}
