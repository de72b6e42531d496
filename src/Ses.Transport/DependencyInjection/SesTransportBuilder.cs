using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Ses.Transport.Credentials;
using Ses.Transport.Policy;
using Ses.Transport.Security;

namespace Ses.Transport.DependencyInjection;

/// <summary>
/// Further configuration of one sender registered with <c>AddSesTransport</c> or <c>AddKeyedSesTransport</c>: every
/// method adds to the sender's <see cref="SesTransportOptions"/> (applied after the configuration binding) and returns
/// the builder.
/// </summary>
public sealed class SesTransportBuilder
{
    internal SesTransportBuilder(IServiceCollection services, string? serviceKey)
    {
        Services = services;
        ServiceKey = serviceKey;
    }

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The options name of the sender (<see cref="Microsoft.Extensions.Options.Options.DefaultName"/> for the unkeyed one, the key otherwise).</summary>
    public string Name => ServiceKey ?? Microsoft.Extensions.Options.Options.DefaultName;

    /// <summary>The service key of a keyed sender, or <see langword="null"/> for the unkeyed one.</summary>
    public string? ServiceKey { get; }

    /// <summary>Changes the sender's options.</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configure"/> is <see langword="null"/>.</exception>
    public SesTransportBuilder Configure(Action<SesTransportOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(Name, configure);
        return this;
    }

    /// <summary>Sets the transports and their failover order (replacing the configured ones).</summary>
    /// <param name="transports">The transports, first preferred.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">No transport is given.</exception>
    public SesTransportBuilder UseTransports(params SesTransportKind[] transports)
    {
        ArgumentNullException.ThrowIfNull(transports);
        if (transports.Length == 0)
        {
            throw new ArgumentException("At least one transport is needed.", nameof(transports));
        }

        return Configure(o =>
        {
            o.Transports.Clear();
            foreach (var kind in transports)
            {
                o.Transports.Add(kind);
            }
        });
    }

    /// <summary>Uses <paramref name="provider"/> for the AWS credentials (instead of <see cref="SesTransportOptions.Credentials"/>).</summary>
    /// <param name="provider">The credentials provider.</param>
    /// <returns>This builder.</returns>
    public SesTransportBuilder UseCredentials(IAwsCredentialsProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return Configure(o => o.CredentialsProvider = provider);
    }

    /// <summary>Uses <paramref name="credentials"/> for the SMTP transports (instead of deriving them).</summary>
    /// <param name="credentials">The SMTP user name and password.</param>
    /// <returns>This builder.</returns>
    public SesTransportBuilder UseSmtpCredentials(SesSmtpCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return Configure(o => o.SmtpCredentials = credentials);
    }

    /// <summary>Trusts <paramref name="certificate"/> as a CA for every transport (in addition to <see cref="SesTransportOptions.TrustAnchorFile"/>).</summary>
    /// <param name="certificate">The CA certificate (public part).</param>
    /// <returns>This builder.</returns>
    public SesTransportBuilder AddTrustAnchor(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Configure(o => o.TrustAnchors.Add(certificate));
    }

    /// <summary>Changes the delivery policy.</summary>
    /// <param name="configure">Changes the policy.</param>
    /// <returns>This builder.</returns>
    public SesTransportBuilder ConfigurePolicy(Action<DeliveryPolicy> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Configure(o => configure(o.Policy));
    }

    /// <summary>Adds a recipient rule to the delivery policy (after the configured ones).</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>This builder.</returns>
    public SesTransportBuilder AddRule(DeliveryRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return Configure(o => o.Policy.Rules.Add(rule));
    }

    /// <summary>Adds key material given as objects (signers' keys, recipients' certificates and public keys).</summary>
    /// <param name="configure">Fills <see cref="SesTransportOptions.KeyMaterial"/>.</param>
    /// <returns>This builder.</returns>
    public SesTransportBuilder UseKeys(Action<SecureMessageBuilderOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Configure(o => configure(o.KeyMaterial));
    }

    /// <summary>Adds key files (PKCS#12 and PEM certificates, armored PGP keys), as <see cref="SesTransportOptions.Keys"/> does from configuration.</summary>
    /// <param name="configure">Fills <see cref="SesTransportOptions.Keys"/>.</param>
    /// <returns>This builder.</returns>
    public SesTransportBuilder UseKeyFiles(Action<SesKeyFilesOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Configure(o => configure(o.Keys));
    }

    /// <summary>
    /// Checks, when the host starts, the configuration sets the policy names: <see cref="ConfigurationSetCheckMode.Ensure"/>
    /// creates and puts them, <see cref="ConfigurationSetCheckMode.VerifyOnly"/> only reads them. A mismatch fails start-up
    /// with <see cref="ConfigurationSetMismatchException"/>.
    /// </summary>
    /// <param name="mode">What to do.</param>
    /// <param name="maxDeliverySeconds">With <see cref="ConfigurationSetCheckMode.Ensure"/>: the <c>MaxDeliverySeconds</c> to put (300 to 50400); <see langword="null"/> keeps each set's own.</param>
    /// <returns>This builder.</returns>
    public SesTransportBuilder CheckConfigurationSetsOnStart(ConfigurationSetCheckMode mode = ConfigurationSetCheckMode.Ensure, long? maxDeliverySeconds = null) =>
        Configure(o =>
        {
            o.ConfigurationSetCheck = mode;
            o.ConfigurationSetMaxDeliverySeconds = maxDeliverySeconds ?? o.ConfigurationSetMaxDeliverySeconds;
        });

    /// <summary>
    /// Registers a health check of this sender (HTTPS: <c>GetAccount</c>; SMTP: connect, TLS, AUTH, QUIT). Map it with
    /// <c>app.MapHealthChecks("/health")</c>.
    /// </summary>
    /// <param name="name">The health check's name; <c>ses-transport</c> (or <c>ses-transport-{key}</c>) when <see langword="null"/>.</param>
    /// <param name="failureStatus">The status when no transport is reachable; <see cref="HealthStatus.Unhealthy"/> when <see langword="null"/>.</param>
    /// <param name="tags">Tags to filter health checks by.</param>
    /// <returns>This builder.</returns>
    public SesTransportBuilder AddHealthCheck(string? name = null, HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        Services.AddHealthChecks().AddSesTransport(ServiceKey, name, failureStatus, tags);
        return this;
    }
}
