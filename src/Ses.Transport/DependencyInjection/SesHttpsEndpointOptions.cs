namespace Ses.Transport.DependencyInjection;

/// <summary>The HTTPS (SES v2 API) transport of a sender; see <see cref="Https.HttpsTransportOptions"/> for the meaning of each setting.</summary>
public sealed class SesHttpsEndpointOptions
{
    /// <summary>An explicit <c>https</c> endpoint (VPC endpoint, sandbox); cannot be combined with <see cref="UseFips"/> or <see cref="UseDualStack"/>.</summary>
    /// <value>The default is <see langword="null"/>: <c>https://email.{region}.amazonaws.com</c>.</value>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Use the FIPS endpoint <c>email-fips.{region}.amazonaws.com</c>.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool UseFips { get; set; }

    /// <summary>Use the dual-stack endpoint <c>email.{region}.api.aws</c>.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool UseDualStack { get; set; }

    /// <summary>The most connections open to the endpoint at once.</summary>
    /// <value>The default is 16.</value>
    public int MaxConnectionsPerServer { get; set; } = Https.HttpsTransportOptions.DefaultMaxConnectionsPerServer;

    /// <summary>The longest a pooled connection is used before it is replaced (bounded, so the client follows DNS).</summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan PooledConnectionLifetime { get; set; } = Https.HttpsTransportOptions.DefaultPooledConnectionLifetime;
}
