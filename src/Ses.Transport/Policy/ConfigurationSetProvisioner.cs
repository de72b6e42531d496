using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ses.Transport.Diagnostics;
using Ses.Transport.Https;

namespace Ses.Transport.Policy;

/// <summary>
/// Configuration sets as code: makes sure a configuration set exists with the <c>TlsPolicy</c> (hop 2, SES → receiver)
/// the delivery policy needs — what <c>aws sesv2 create-configuration-set</c> and
/// <c>aws sesv2 put-configuration-set-delivery-options --tls-policy REQUIRE</c> do — then reads it back and records the
/// verified policy in <see cref="KnownConfigurationSets"/>, the evidence a <see cref="PolicyDrivenTransport"/> needs
/// before it sends a message that demands <see cref="ReceiverTls.Require"/>.
/// </summary>
/// <remarks>
/// A set whose read-back differs from what was asked is never recorded as <c>REQUIRE</c>; the call throws
/// <see cref="ConfigurationSetMismatchException"/> instead (no silent downgrade). Safe for concurrent callers.
/// </remarks>
public sealed class ConfigurationSetProvisioner
{
    private readonly SesApiClient _client;
    private readonly ILogger _logger;

    /// <summary>Creates the provisioner.</summary>
    /// <param name="client">The SES API client to call; not disposed here.</param>
    /// <param name="knownSets">Where verified sets are recorded; a new, empty record when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where log messages go; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    public ConfigurationSetProvisioner(SesApiClient client, KnownConfigurationSets? knownSets = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        KnownSets = knownSets ?? new KnownConfigurationSets();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Ses.Transport.Policy");
    }

    /// <summary>Where verified configuration sets are recorded (give it to <see cref="PolicyDrivenTransport"/>).</summary>
    public KnownConfigurationSets KnownSets { get; }

    /// <summary>
    /// Creates configuration set <paramref name="name"/> when it does not exist (a concurrent creation is tolerated),
    /// puts its delivery options (<c>PutConfigurationSetDeliveryOptions</c>: <c>TlsPolicy</c> <c>REQUIRE</c> or
    /// <c>OPTIONAL</c>, keeping the set's sending pool), reads it back, and records the verified policy in
    /// <see cref="KnownSets"/>.
    /// </summary>
    /// <param name="name">The configuration set name: ASCII letters, digits, '_' and '-', 1 to 64 characters.</param>
    /// <param name="receiverTls">The TLS policy the set must have.</param>
    /// <param name="maxDeliverySeconds">How long SES keeps trying to deliver (300 to 50400 seconds); <see langword="null"/> keeps the set's current value.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The configuration set as read back from SES.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> breaks SES's rules.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="receiverTls"/> is undefined or <paramref name="maxDeliverySeconds"/> is outside 300 to 50400.</exception>
    /// <exception cref="ConfigurationSetMismatchException">The read-back differs from what was put; the set is forgotten in <see cref="KnownSets"/>.</exception>
    /// <exception cref="SesTransportException">An SES call failed (TLS, connection, credentials, an SES error).</exception>
    public async Task<SesConfigurationSet> EnsureConfigurationSetAsync(
        string name, ReceiverTls receiverTls, long? maxDeliverySeconds = null, CancellationToken cancellationToken = default)
    {
        var tlsPolicy = ToSes(receiverTls);
        var existing = await TryGetAsync(name, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            try
            {
                await _client.CreateConfigurationSetAsync(
                    name,
                    new SesDeliveryOptions { TlsPolicy = tlsPolicy, MaxDeliverySeconds = maxDeliverySeconds },
                    cancellationToken).ConfigureAwait(false);
                Log.ConfigurationSetCreated(_logger, name);
            }
            catch (SesServiceException ex) when (ex.ErrorType == "AlreadyExistsException")
            {
                // Another instance created it between our read and our create: its options are put below.
                Log.ConfigurationSetCreatedConcurrently(_logger, name);
            }
        }

        // Put even after creating: the read-back below then checks the options SES stores, whoever created the set.
        await _client.PutConfigurationSetDeliveryOptionsAsync(
            name,
            tlsPolicy,
            existing?.DeliveryOptions.SendingPoolName,
            maxDeliverySeconds ?? existing?.DeliveryOptions.MaxDeliverySeconds,
            cancellationToken).ConfigureAwait(false);

        var actual = await CheckAsync(name, receiverTls, maxDeliverySeconds, cancellationToken).ConfigureAwait(false);
        Log.ConfigurationSetEnsured(_logger, name, receiverTls);
        return actual;
    }

    /// <summary>
    /// Reads configuration set <paramref name="name"/> and checks that its <c>TlsPolicy</c> is <paramref name="receiverTls"/>,
    /// changing nothing in SES; records the verified policy in <see cref="KnownSets"/>.
    /// </summary>
    /// <param name="name">The configuration set name.</param>
    /// <param name="receiverTls">The TLS policy the set must have.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The configuration set as read from SES.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> breaks SES's rules.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="receiverTls"/> is undefined.</exception>
    /// <exception cref="ConfigurationSetMismatchException">The set does not exist or has another TLS policy.</exception>
    /// <exception cref="SesTransportException">The SES call failed.</exception>
    public Task<SesConfigurationSet> VerifyConfigurationSetAsync(string name, ReceiverTls receiverTls, CancellationToken cancellationToken = default)
    {
        _ = ToSes(receiverTls);
        return VerifyCoreAsync(name, receiverTls, cancellationToken);
    }

    private async Task<SesConfigurationSet> VerifyCoreAsync(string name, ReceiverTls receiverTls, CancellationToken cancellationToken)
    {
        var actual = await CheckAsync(name, receiverTls, maxDeliverySeconds: null, cancellationToken).ConfigureAwait(false);
        Log.ConfigurationSetVerified(_logger, name, receiverTls);
        return actual;
    }

    private static SesTlsPolicy ToSes(ReceiverTls receiverTls) => receiverTls switch
    {
        ReceiverTls.Optional => SesTlsPolicy.Optional,
        ReceiverTls.Require => SesTlsPolicy.Require,
        _ => throw new ArgumentOutOfRangeException(nameof(receiverTls), receiverTls, "Not a defined ReceiverTls value."),
    };

    private static ReceiverTls FromSes(SesTlsPolicy tlsPolicy) => tlsPolicy == SesTlsPolicy.Require ? ReceiverTls.Require : ReceiverTls.Optional;

    private async Task<SesConfigurationSet?> TryGetAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.GetConfigurationSetAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (SesServiceException ex) when (ex.ErrorType == "NotFoundException")
        {
            return null;
        }
    }

    /// <summary>Reads the set, records what SES reports, and throws when it is not what is needed.</summary>
    private async Task<SesConfigurationSet> CheckAsync(string name, ReceiverTls expected, long? maxDeliverySeconds, CancellationToken cancellationToken)
    {
        var set = await TryGetAsync(name, cancellationToken).ConfigureAwait(false);
        if (set is null)
        {
            KnownSets.Forget(name);
            Log.ConfigurationSetMismatch(_logger, name, expected, "no such set");
            throw new ConfigurationSetMismatchException(
                name, expected, actual: null, $"Configuration set '{name}' does not exist in SES; the delivery policy needs it with TlsPolicy {Spell(expected)}.");
        }

        var actual = FromSes(set.DeliveryOptions.TlsPolicy);
        KnownSets.Record(name, actual);
        if (actual != expected)
        {
            Log.ConfigurationSetMismatch(_logger, name, expected, Spell(actual));
            throw new ConfigurationSetMismatchException(
                name, expected, actual, $"Configuration set '{name}' has TlsPolicy {Spell(actual)} in SES; the delivery policy needs {Spell(expected)}.");
        }

        if (maxDeliverySeconds is { } seconds && set.DeliveryOptions.MaxDeliverySeconds != seconds)
        {
            Log.ConfigurationSetMismatch(_logger, name, expected, $"MaxDeliverySeconds {set.DeliveryOptions.MaxDeliverySeconds}");
            throw new ConfigurationSetMismatchException(
                name, expected, actual, $"Configuration set '{name}' reads back MaxDeliverySeconds {set.DeliveryOptions.MaxDeliverySeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(SES default)"}; {seconds} was put.")
            {
                ExpectedMaxDeliverySeconds = seconds,
                ActualMaxDeliverySeconds = set.DeliveryOptions.MaxDeliverySeconds,
            };
        }

        return set;
    }

    private static string Spell(ReceiverTls tls) => tls == ReceiverTls.Require ? "REQUIRE" : "OPTIONAL";
}
