using Ses.Transport.Credentials;

namespace Ses.Transport.Https;

/// <summary>
/// Settings of <see cref="HttpsTransport"/> and <see cref="SesApiClient"/>: the SES v2 API endpoint (a region, with
/// FIPS or dual-stack variants, or an explicit service URL), the AWS credentials and the HTTP connection pool.
/// TLS, retries, timeouts and the default configuration set come from <see cref="TransportOptions"/>.
/// </summary>
/// <remarks>
/// The transport reads these settings once, when it is created; later changes have no effect on it.
/// Invalid settings make the constructor throw an <see cref="ArgumentException"/> whose message names each bad
/// setting.
/// </remarks>
public sealed class HttpsTransportOptions : TransportOptions
{
    /// <summary>The default of <see cref="MaxConnectionsPerServer"/>, also that of the dependency-injection settings.</summary>
    internal const int DefaultMaxConnectionsPerServer = 16;

    /// <summary>The default of <see cref="PooledConnectionLifetime"/>, also that of the dependency-injection settings.</summary>
    internal static readonly TimeSpan DefaultPooledConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The SES region, for example <c>eu-central-1</c>. Always required: it is part of the SigV4 signature, also when
    /// <see cref="ServiceUrl"/> is set. Without <see cref="ServiceUrl"/> the endpoint is
    /// <c>https://email.{region}.amazonaws.com</c> (see <see cref="SesApiEndpoint.ForRegion"/>).
    /// </summary>
    /// <value>The default is <see langword="null"/>, which fails validation.</value>
    public string? Region { get; set; }

    /// <summary>
    /// An explicit endpoint (a VPC interface endpoint, the sandbox, an emulator behind TLS). Must be an absolute
    /// <c>https</c> URL without query or fragment: the transport never speaks plain HTTP. The certificate must name its
    /// host. Cannot be combined with <see cref="UseFips"/> or <see cref="UseDualStack"/>.
    /// </summary>
    /// <value>The default is <see langword="null"/> (the regional endpoint).</value>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Use the FIPS 140 endpoint <c>email-fips.{region}.amazonaws.com</c>.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool UseFips { get; set; }

    /// <summary>Use the dual-stack (IPv4 and IPv6) endpoint <c>email.{region}.api.aws</c>.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool UseDualStack { get; set; }

    /// <summary>
    /// Where the AWS credentials come from. They are asked for before every request, so a provider that refreshes
    /// (temporary credentials) is followed without restarting the transport.
    /// </summary>
    /// <value>The default is <see langword="null"/>: a <see cref="DefaultCredentialsChain"/> (environment, shared files, container, instance metadata).</value>
    public IAwsCredentialsProvider? CredentialsProvider { get; set; }

    /// <summary>
    /// The longest a pooled HTTPS connection is used before it is replaced, so the client follows DNS changes as SES
    /// moves its hosts. Applies to the handler the transport creates (ignored for an injected <see cref="HttpClient"/>).
    /// </summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan PooledConnectionLifetime { get; set; } = DefaultPooledConnectionLifetime;

    /// <summary>
    /// The most connections open to the endpoint at once; further concurrent requests wait. Applies to the handler the
    /// transport creates (ignored for an injected <see cref="HttpClient"/>).
    /// </summary>
    /// <value>The default is 16.</value>
    public int MaxConnectionsPerServer { get; set; } = DefaultMaxConnectionsPerServer;

    /// <summary>The endpoint the requests go to: <see cref="ServiceUrl"/>, or the one of <see cref="Region"/> and the variants.</summary>
    internal Uri ResolveEndpoint() =>
        ServiceUrl ?? SesApiEndpoint.ForRegion(Region!.Trim(), UseFips, UseDualStack);

    /// <summary>A copy of these settings, taken by the transport so later changes to this instance do not reach it.</summary>
    internal HttpsTransportOptions Snapshot()
    {
        var copy = new HttpsTransportOptions
        {
            Region = Region?.Trim(),
            ServiceUrl = ServiceUrl,
            UseFips = UseFips,
            UseDualStack = UseDualStack,
            CredentialsProvider = CredentialsProvider,
            PooledConnectionLifetime = PooledConnectionLifetime,
            MaxConnectionsPerServer = MaxConnectionsPerServer,
            ConfigurationSetName = ConfigurationSetName,
            OperationTimeout = OperationTimeout,
        };
        Tls.CopyTo(copy.Tls);
        Retry.CopyTo(copy.Retry);
        return copy;
    }
}
