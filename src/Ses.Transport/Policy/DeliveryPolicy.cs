namespace Ses.Transport.Policy;

/// <summary>
/// How every message travels: TLS to SES (hop 1), TLS from SES to the receiver (hop 2, through configuration sets),
/// end-to-end protection, the transports in failover order, the send rate, and rules that override these for chosen
/// recipients. Plain data with settable properties and lists, so it binds from configuration. A
/// <see cref="DeliveryPolicyEngine"/> or <see cref="PolicyDrivenTransport"/> reads it once, when created; later changes
/// have no effect on them.
/// </summary>
public sealed class DeliveryPolicy
{
    /// <summary>The lowest TLS version for hop 1 (sender → SES), one setting for every transport (see <see cref="ApplyTo"/>).</summary>
    /// <value>The default is <see cref="Transport.MinimumTlsVersion.Tls12"/>.</value>
    public MinimumTlsVersion MinimumTlsVersion { get; set; } = MinimumTlsVersion.Tls12;

    /// <summary>The receiver TLS (hop 2) for recipients no rule overrides.</summary>
    /// <value>The default is <see cref="Policy.ReceiverTls.Optional"/> (SES's own default).</value>
    public ReceiverTls ReceiverTls { get; set; } = ReceiverTls.Optional;

    /// <summary>The configuration set for each receiver TLS level.</summary>
    public ReceiverTlsConfigurationSets ConfigurationSets { get; } = new();

    /// <summary>The end-to-end protection for recipients no rule overrides.</summary>
    public EndToEndProtection EndToEnd { get; } = new();

    /// <summary>The names of the transports, in failover order: a message goes out on the first healthy one.</summary>
    /// <value>The default is an empty list: every transport given to <see cref="PolicyDrivenTransport"/>, in name order.</value>
    public IList<string> Transports { get; } = [];

    /// <summary>
    /// How long a transport that failed at connection level is benched: while benched it is tried only after every
    /// healthy transport has failed; then it is tried first again.
    /// </summary>
    /// <value>The default is 60 seconds (Symfony's failover transport uses the same).</value>
    public TimeSpan FailoverBenchTime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The send rate, shared by every transport and rule (SES limits the account as a whole).</summary>
    public SendRate SendRate { get; } = new();

    /// <summary>Rules that override the settings above for the recipients they match.</summary>
    /// <value>The default is an empty list.</value>
    public IList<DeliveryRule> Rules { get; } = [];

    /// <summary>Applies the hop-1 settings (<see cref="MinimumTlsVersion"/>) to a transport's options before the transport is created.</summary>
    /// <param name="options">The transport options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public void ApplyTo(TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Tls.MinimumVersion = MinimumTlsVersion;
    }
}
