using System.Security.Cryptography.X509Certificates;
using Ses.Transport.Credentials;
using Ses.Transport.Policy;
using Ses.Transport.Security;

namespace Ses.Transport.DependencyInjection;

/// <summary>
/// Everything a sender registered with <c>AddSesTransport</c> is made of, bindable from <c>appsettings.json</c>: the
/// region, which transports in which failover order, their endpoints, the credentials source, TLS (minimum version in
/// <see cref="DeliveryPolicy.MinimumTlsVersion"/>, trust anchors), the delivery policy with its rules and send rate, key
/// files, and the configuration-set start-up check. The few settings that hold objects (<see cref="CredentialsProvider"/>,
/// <see cref="SmtpCredentials"/>, <see cref="TrustAnchors"/>, <see cref="KeyMaterial"/>) are set in code.
/// </summary>
/// <remarks>
/// Validated when the host starts (<c>ValidateOnStart</c>); every failure names the setting by its configuration path,
/// for example <c>SesTransport:StartTlsSmtp:Port must be between 1 and 65535 (it is 0).</c>
/// </remarks>
public sealed class SesTransportOptions
{
    /// <summary>The SES region, for example <c>eu-central-1</c>; required (it is part of every SigV4 signature and names the endpoints).</summary>
    /// <value>The default is <see langword="null"/>, which fails validation.</value>
    public string? Region { get; set; }

    /// <summary>
    /// The transports to create, in failover order (<see cref="SesTransportKind.Https"/>,
    /// <see cref="SesTransportKind.StartTlsSmtp"/>, <see cref="SesTransportKind.TlsWrapperSmtp"/>). The policy names
    /// them by these names; when <see cref="DeliveryPolicy.Transports"/> is empty it gets this order.
    /// </summary>
    /// <value>The default is an empty list, which means <see cref="SesTransportKind.Https"/> alone.</value>
    public IList<SesTransportKind> Transports { get; } = [];

    /// <summary>The HTTPS (SES v2 API) transport; also the API client of the health check, the start-up check and <see cref="SendRateMode.FromAccount"/>.</summary>
    public SesHttpsEndpointOptions Https { get; } = new();

    /// <summary>The SMTP transport with STARTTLS.</summary>
    public SesSmtpEndpointOptions StartTlsSmtp { get; } = new();

    /// <summary>The SMTP transport over implicit TLS.</summary>
    public SesSmtpEndpointOptions TlsWrapperSmtp { get; } = new();

    /// <summary>Where the credentials come from.</summary>
    public SesCredentialsOptions Credentials { get; } = new();

    /// <summary>
    /// A PEM file of CA certificates to trust instead of the system store, for every transport (a private CA, the
    /// sandbox's <c>CertificateAuthorityPath</c>).
    /// </summary>
    /// <value>The default is <see langword="null"/> (the system store, plus <see cref="TrustAnchors"/>).</value>
    public string? TrustAnchorFile { get; set; }

    /// <summary>How long one network operation may take, for every transport.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan OperationTimeout { get; set; } = TransportOptions.DefaultOperationTimeout;

    /// <summary>Retries of transient failures, for every transport and the API client.</summary>
    public SesRetryOptions Retry { get; } = new();

    /// <summary>The delivery policy: hop-1 minimum TLS, receiver TLS and configuration sets, end-to-end protection, failover order, send rate, rules.</summary>
    public DeliveryPolicy Policy { get; } = new();

    /// <summary>Key files for end-to-end protection, loaded when the sender is created.</summary>
    public SesKeyFilesOptions Keys { get; } = new();

    /// <summary>What to do at start-up with the configuration sets the policy names (the policy's and the rules').</summary>
    /// <value>The default is <see cref="ConfigurationSetCheckMode.None"/>.</value>
    public ConfigurationSetCheckMode ConfigurationSetCheck { get; set; }

    /// <summary>With <see cref="ConfigurationSetCheckMode.Ensure"/>: the <c>MaxDeliverySeconds</c> to put on each set (300 to 50400).</summary>
    /// <value>The default is <see langword="null"/> (each set keeps its own).</value>
    public long? ConfigurationSetMaxDeliverySeconds { get; set; }

    /// <summary>AWS credentials given in code; when set, <see cref="Credentials"/> <c>Source</c> and keys are ignored.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public IAwsCredentialsProvider? CredentialsProvider { get; set; }

    /// <summary>SMTP credentials given in code; when set, they win over <see cref="SesCredentialsOptions.SmtpUserName"/> and derivation.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public SesSmtpCredentials? SmtpCredentials { get; set; }

    /// <summary>CA certificates given in code, trusted in addition to those of <see cref="TrustAnchorFile"/>.</summary>
    /// <value>The default is an empty list.</value>
    public IList<X509Certificate2> TrustAnchors { get; } = [];

    /// <summary>Key material given in code (signers' keys, recipients' certificates and public keys), used together with <see cref="Keys"/>.</summary>
    public SecureMessageBuilderOptions KeyMaterial { get; } = new();
}
