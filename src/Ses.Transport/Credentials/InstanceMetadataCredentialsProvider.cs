using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ses.Transport.Credentials.Internal;
using Ses.Transport.Diagnostics;

namespace Ses.Transport.Credentials;

/// <summary>
/// Temporary credentials of the EC2 instance's IAM role, from instance metadata with IMDSv2 sessions:
/// <c>PUT /latest/api/token</c> (header <c>X-aws-ec2-metadata-token-ttl-seconds</c>), then, with the header
/// <c>X-aws-ec2-metadata-token</c>, <c>GET /latest/meta-data/iam/security-credentials/</c> for the role name and
/// <c>GET /latest/meta-data/iam/security-credentials/{role}</c> for the credentials. Each call fetches; wrap the
/// provider in <see cref="RefreshingCredentialsProvider"/> (as <see cref="DefaultCredentialsChain"/> does) to cache.
/// </summary>
/// <remarks>
/// <para>
/// The endpoint is <c>http://169.254.169.254</c>, or <c>http://[fd00:ec2::254]</c> when
/// <c>AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE</c> is <c>IPv6</c>, or <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c>.
/// Plain HTTP is allowed only to loopback, link-local addresses and <c>[fd00:ec2::254]</c>; other hosts must be
/// HTTPS. <c>AWS_EC2_METADATA_DISABLED=true</c> turns the provider off.
/// </para>
/// <para>
/// There is no fallback to IMDSv1 (requests without a session token): an instance that does not answer the token
/// request yields no credentials. Requests time out after <see cref="Timeout"/> (1 s) so that off EC2 the chain
/// fails fast.
/// </para>
/// </remarks>
public sealed class InstanceMetadataCredentialsProvider : IAwsCredentialsProvider, ICredentialsSource
{
    private const string What = "instance metadata";
    private const string TokenPath = "latest/api/token";
    private const string RolesPath = "latest/meta-data/iam/security-credentials/";
    private const string TokenTtlHeader = "X-aws-ec2-metadata-token-ttl-seconds";
    private const string TokenHeader = "X-aws-ec2-metadata-token";
    private const int MaxRoleNameLength = 64;

    // A session token per fetch, never reused, so a short life is enough (IMDS accepts 1 to 21600 seconds).
    private static readonly string TokenTtlSeconds = 60.ToString(CultureInfo.InvariantCulture);

    private readonly HttpClient _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly bool _disabled;
    private readonly string? _endpointProblem;

    /// <summary>Creates the provider.</summary>
    /// <param name="environment">
    /// Reads an environment variable by name (<c>AWS_EC2_METADATA_DISABLED</c>, <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c>,
    /// <c>AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE</c>); <see langword="null"/> for the process environment.
    /// </param>
    /// <param name="httpClient">
    /// The client for the endpoint; <see langword="null"/> for a shared one without proxy or redirects and with a
    /// 1 s connect timeout. An injected client is not disposed, and should not use a proxy or follow redirects.
    /// </param>
    /// <param name="timeProvider">The clock for <see cref="Timeout"/>; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">Logging; <see langword="null"/> for none.</param>
    public InstanceMetadataCredentialsProvider(
        Func<string, string?>? environment = null,
        HttpClient? httpClient = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        environment ??= AwsEnvironment.Process;
        _httpClient = httpClient ?? MetadataHttp.Shared;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<InstanceMetadataCredentialsProvider>();
        _disabled = string.Equals(AwsEnvironment.Get(environment, AwsEnvironment.Ec2MetadataDisabled), "true", StringComparison.OrdinalIgnoreCase);

        var configured = AwsEnvironment.Get(environment, AwsEnvironment.Ec2MetadataEndpoint);
        var mode = AwsEnvironment.Get(environment, AwsEnvironment.Ec2MetadataEndpointMode);
        if (configured is not null)
        {
            if (Uri.TryCreate(configured, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                Endpoint = uri;
            }
            else
            {
                // Reported on use: falling back to the default endpoint would ignore what the user asked for.
                _endpointProblem = $"{AwsEnvironment.Ec2MetadataEndpoint} is not an absolute http or https URI";
            }
        }
        else if (string.Equals(mode, "IPv6", StringComparison.OrdinalIgnoreCase))
        {
            Endpoint = MetadataEndpoints.InstanceMetadataIPv6;
        }
        else if (mode is not null && !string.Equals(mode, "IPv4", StringComparison.OrdinalIgnoreCase))
        {
            _endpointProblem = $"{AwsEnvironment.Ec2MetadataEndpointMode} must be IPv4 or IPv6";
        }
    }

    /// <summary>The instance metadata endpoint (scheme, host, port; a path is kept as a prefix).</summary>
    /// <value>
    /// The default is <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c>, else <c>http://[fd00:ec2::254]</c> when
    /// <c>AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE</c> is <c>IPv6</c>, else <c>http://169.254.169.254</c>.
    /// </value>
    public Uri Endpoint
    {
        get;
        init
        {
            field = MetadataEndpoints.RequireHttpUri(value, "endpoint");
            _endpointProblem = null;
        }
    } = MetadataEndpoints.InstanceMetadataIPv4;

    /// <summary>How long each of the three requests may take, connection included.</summary>
    /// <value>The default is 1 second, so that off EC2 the default chain gives up quickly.</value>
    public TimeSpan Timeout
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            field = value;
        }
    } = DefaultTimeout;

    /// <summary>The default of <see cref="Timeout"/>.</summary>
    internal static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(1);

    string ICredentialsSource.SourceName => "instance metadata";

    /// <inheritdoc />
    /// <exception cref="AwsCredentialsException">
    /// The provider is disabled or its endpoint setting is invalid or not allowed; the endpoint is unreachable or
    /// times out (<see cref="SesTransportException.IsTransient"/>); no role is attached; or an answer is not what
    /// IMDSv2 returns.
    /// </exception>
    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        var lookup = await LookupAsync(cancellationToken).ConfigureAwait(false);
        return lookup.GetOrThrow("instance metadata");
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"InstanceMetadataCredentialsProvider {{ Endpoint = {MetadataEndpoints.Describe(Endpoint)}{(_disabled ? ", disabled" : "")} }}";

    ValueTask<CredentialsLookup> ICredentialsSource.LookupAsync(CancellationToken cancellationToken) => LookupAsync(cancellationToken);

    private async ValueTask<CredentialsLookup> LookupAsync(CancellationToken cancellationToken)
    {
        if (_disabled)
        {
            return CredentialsLookup.NotConfigured($"disabled by {AwsEnvironment.Ec2MetadataDisabled}");
        }

        // Off EC2 nothing answers: in the chain that is "not available here", not an error that stops the chain.
        try
        {
            return CredentialsLookup.Found(await FetchAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (AwsCredentialsException ex)
        {
            return CredentialsLookup.Unavailable(ex);
        }
    }

    private async Task<AwsCredentials> FetchAsync(CancellationToken cancellationToken)
    {
        if (_endpointProblem is not null)
        {
            throw new AwsCredentialsException($"{What}: {_endpointProblem}.");
        }

        if (!MetadataEndpoints.IsAllowedForInstanceMetadata(Endpoint))
        {
            throw new AwsCredentialsException(
                $"{What}: {MetadataEndpoints.Describe(Endpoint)} is not an allowed endpoint. Plain http is allowed only to loopback, "
                + "link-local addresses and [fd00:ec2::254]; any other host must use https.");
        }

        var root = new Uri(Endpoint.AbsoluteUri.EndsWith('/') ? Endpoint.AbsoluteUri : Endpoint.AbsoluteUri + "/");
        Log.RequestingCredentials(_logger, What, MetadataEndpoints.Describe(root));

        var tokenUri = new Uri(root, TokenPath);
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Put, tokenUri);
        tokenRequest.Headers.TryAddWithoutValidation(TokenTtlHeader, TokenTtlSeconds);
        var tokenAnswer = await SendAsync(tokenRequest, cancellationToken).ConfigureAwait(false);
        if (!tokenAnswer.IsSuccess)
        {
            throw MetadataHttp.StatusError(What, tokenUri, tokenAnswer.Status, "the IMDSv2 session token request was refused");
        }

        var token = Encoding.UTF8.GetString(tokenAnswer.Body).Trim();
        if (!CredentialValues.IsHeaderSafe(token))
        {
            throw new AwsCredentialsException($"{What}: the IMDSv2 session token is empty or malformed.");
        }

        var rolesUri = new Uri(root, RolesPath);
        using var rolesRequest = new HttpRequestMessage(HttpMethod.Get, rolesUri);
        rolesRequest.Headers.TryAddWithoutValidation(TokenHeader, token);
        var rolesAnswer = await SendAsync(rolesRequest, cancellationToken).ConfigureAwait(false);
        if (!rolesAnswer.IsSuccess)
        {
            throw MetadataHttp.StatusError(What, rolesUri, rolesAnswer.Status, HintFor(rolesAnswer.Status));
        }

        var role = FirstLine(Encoding.UTF8.GetString(rolesAnswer.Body));
        if (role.Length == 0)
        {
            throw new AwsCredentialsException($"{What}: no IAM role is attached to this instance.");
        }

        if (!IsRoleName(role))
        {
            throw new AwsCredentialsException($"{What}: the role name is not a valid IAM role name.");
        }

        var credentialsUri = new Uri(root, RolesPath + role);
        using var credentialsRequest = new HttpRequestMessage(HttpMethod.Get, credentialsUri);
        credentialsRequest.Headers.TryAddWithoutValidation(TokenHeader, token);
        var credentialsAnswer = await SendAsync(credentialsRequest, cancellationToken).ConfigureAwait(false);
        if (!credentialsAnswer.IsSuccess)
        {
            throw MetadataHttp.StatusError(What, credentialsUri, credentialsAnswer.Status, HintFor(credentialsAnswer.Status));
        }

        return MetadataHttp.ParseCredentials(credentialsAnswer.Body, What);
    }

    private Task<MetadataAnswer> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        MetadataHttp.SendAsync(_httpClient, request, MetadataEndpoints.IsAllowedForInstanceMetadata, Timeout, _timeProvider, What, cancellationToken);

    private static string? HintFor(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => "the IMDSv2 session token was refused",
        HttpStatusCode.NotFound => "no IAM role is attached to this instance",
        _ => null,
    };

    private static string FirstLine(string text)
    {
        var line = text.AsSpan().Trim();
        var end = line.IndexOfAny('\r', '\n');
        return (end < 0 ? line : line[..end]).Trim().ToString();
    }

    // IAM role names: 1-64 of letters, digits and +=,.@_- (IAM User Guide, "IAM object quotas"); anything else
    // could change the path of the next request.
    private static bool IsRoleName(string role)
    {
        if (role.Length > MaxRoleNameLength)
        {
            return false;
        }

        foreach (var c in role)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '=' or ',' or '.' or '@' or '_' or '-'))
            {
                return false;
            }
        }

        return role is not ("." or "..");
    }
}
