using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ses.Transport.Credentials.Internal;
using Ses.Transport.Diagnostics;

namespace Ses.Transport.Credentials;

/// <summary>
/// Temporary credentials from the ECS task-role or EKS Pod Identity endpoint: <c>GET</c>
/// <c>http://169.254.170.2</c> + <c>AWS_CONTAINER_CREDENTIALS_RELATIVE_URI</c>, or
/// <c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c>, with the <c>Authorization</c> header taken from the file named by
/// <c>AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE</c> (read on every call, so a rotated token is picked up) or else
/// from <c>AWS_CONTAINER_AUTHORIZATION_TOKEN</c>. Each call fetches; wrap the provider in
/// <see cref="RefreshingCredentialsProvider"/> (as <see cref="DefaultCredentialsChain"/> does) to cache.
/// </summary>
/// <remarks>
/// Credentials and the token travel in clear over plain HTTP, so, as the AWS SDKs require, a plain-HTTP full URI
/// must point at loopback, <c>169.254.170.2</c> (ECS), <c>169.254.170.23</c> or <c>[fd00:ec2::23]</c> (EKS Pod
/// Identity); any other host must be HTTPS (TLS 1.2 or later). The check is made before any request and again on
/// the URI that answered, in case an injected <see cref="HttpClient"/> follows redirects.
/// </remarks>
public sealed class ContainerCredentialsProvider : IAwsCredentialsProvider, ICredentialsSource
{
    private const string What = "container credentials";
    private const int MaxTokenChars = 16 * 1024;

    private readonly Func<string, string?> _environment;
    private readonly HttpClient _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates the provider.</summary>
    /// <param name="environment">Reads an environment variable by name; <see langword="null"/> for the process environment.</param>
    /// <param name="httpClient">
    /// The client for the endpoint; <see langword="null"/> for a shared one without proxy or redirects and with a
    /// 1 s connect timeout. An injected client is not disposed, and should not use a proxy or follow redirects.
    /// </param>
    /// <param name="timeProvider">The clock for <see cref="Timeout"/>; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">Logging; <see langword="null"/> for none.</param>
    public ContainerCredentialsProvider(
        Func<string, string?>? environment = null,
        HttpClient? httpClient = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        _environment = environment ?? AwsEnvironment.Process;
        _httpClient = httpClient ?? MetadataHttp.Shared;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ContainerCredentialsProvider>();
    }

    /// <summary>
    /// The scheme, host and port that <c>AWS_CONTAINER_CREDENTIALS_RELATIVE_URI</c> is resolved against (its path is
    /// ignored). Meant for tests and emulators; the plain-HTTP host rule applies to it too.
    /// </summary>
    /// <value>The default is <c>http://169.254.170.2</c>, the ECS agent.</value>
    public Uri RelativeUriBase
    {
        get;
        init
        {
            field = MetadataEndpoints.RequireHttpUri(value, "base");
        }
    } = MetadataEndpoints.EcsRelativeBase;

    /// <summary>How long one request may take, connection included.</summary>
    /// <value>The default is 2 seconds.</value>
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
    internal static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    string ICredentialsSource.SourceName => "container";

    /// <inheritdoc />
    /// <exception cref="AwsCredentialsException">
    /// Neither URI variable is set; the URI is malformed or not an allowed endpoint; the token file is unreadable;
    /// the endpoint is unreachable, times out or answers 429/5xx (<see cref="SesTransportException.IsTransient"/>),
    /// refuses the token (401/403) or answers something that is not a credentials document.
    /// </exception>
    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        var lookup = await LookupAsync(cancellationToken).ConfigureAwait(false);
        return lookup.GetOrThrow("the container endpoint");
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"ContainerCredentialsProvider {{ {AwsEnvironment.ContainerRelativeUri} against {MetadataEndpoints.Describe(RelativeUriBase)}, or {AwsEnvironment.ContainerFullUri} }}";

    ValueTask<CredentialsLookup> ICredentialsSource.LookupAsync(CancellationToken cancellationToken) => LookupAsync(cancellationToken);

    private async ValueTask<CredentialsLookup> LookupAsync(CancellationToken cancellationToken)
    {
        var relative = AwsEnvironment.Get(_environment, AwsEnvironment.ContainerRelativeUri);
        var full = AwsEnvironment.Get(_environment, AwsEnvironment.ContainerFullUri);
        if (relative is null && full is null)
        {
            return CredentialsLookup.NotConfigured($"{AwsEnvironment.ContainerRelativeUri} and {AwsEnvironment.ContainerFullUri} are not set");
        }

        // The SDKs give the relative URI precedence when both are set.
        var uri = relative is not null ? ResolveRelative(relative) : ResolveFull(full!);
        if (!MetadataEndpoints.IsAllowedForContainer(uri))
        {
            throw new AwsCredentialsException(
                $"{What}: {MetadataEndpoints.Describe(uri)} is not an allowed endpoint. Plain http is allowed only to loopback, "
                + "169.254.170.2, 169.254.170.23 and [fd00:ec2::23]; any other host must use https.");
        }

        var token = await ReadAuthorizationTokenAsync(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.ParseAdd("application/json");
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", token);
        }

        Log.RequestingCredentials(_logger, What, MetadataEndpoints.Describe(uri));
        var answer = await MetadataHttp.SendAsync(_httpClient, request, MetadataEndpoints.IsAllowedForContainer, Timeout, _timeProvider, What, cancellationToken)
            .ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            var refused = answer.Status is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden;
            throw MetadataHttp.StatusError(What, uri, answer.Status, refused ? (token is null ? "no authorization token was set" : "the authorization token was refused") : null);
        }

        return CredentialsLookup.Found(MetadataHttp.ParseCredentials(answer.Body, What));
    }

    private Uri ResolveRelative(string relative)
    {
        // Only a path on the base: "//host/..." or "http://host/..." here must not move the request elsewhere.
        var path = relative.StartsWith('/') ? relative : "/" + relative;
        var authority = $"{RelativeUriBase.Scheme}://{RelativeUriBase.Authority}";
        if (!Uri.TryCreate(authority + path, UriKind.Absolute, out var uri)
            || !string.Equals(uri.Authority, RelativeUriBase.Authority, StringComparison.OrdinalIgnoreCase)
            || uri.Scheme != RelativeUriBase.Scheme
            || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new AwsCredentialsException($"{What}: {AwsEnvironment.ContainerRelativeUri} is not a path on {authority}.");
        }

        return uri;
    }

    private static Uri ResolveFull(string full) =>
        Uri.TryCreate(full, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new AwsCredentialsException($"{What}: {AwsEnvironment.ContainerFullUri} is not an absolute http or https URI.");

    private async ValueTask<string?> ReadAuthorizationTokenAsync(CancellationToken cancellationToken)
    {
        // The token file wins: EKS Pod Identity rotates it on disk.
        var file = AwsEnvironment.Get(_environment, AwsEnvironment.ContainerAuthorizationTokenFile);
        string? token;
        string origin;
        if (file is not null)
        {
            token = (await BoundedFile.ReadTextAsync(file, MaxTokenChars, "the container authorization token file", cancellationToken).ConfigureAwait(false)).Trim();
            origin = $"the file {file}";
        }
        else
        {
            token = AwsEnvironment.Get(_environment, AwsEnvironment.ContainerAuthorizationToken);
            origin = AwsEnvironment.ContainerAuthorizationToken;
        }

        if (token is not null && !CredentialValues.IsPrintableAscii(token))
        {
            throw new AwsCredentialsException($"{What}: the authorization token from {origin} is empty or contains control or non-ASCII characters.");
        }

        return token;
    }
}
