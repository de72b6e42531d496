using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ses.Transport.Credentials.Internal;

namespace Ses.Transport.Credentials;

/// <summary>
/// The credentials the AWS SDKs would find, in their order: the environment
/// (<see cref="EnvironmentCredentialsProvider"/>), the shared credentials and config files
/// (<see cref="SharedCredentialsFileProvider"/>), the ECS/EKS container endpoint
/// (<see cref="ContainerCredentialsProvider"/>) and EC2 instance metadata
/// (<see cref="InstanceMetadataCredentialsProvider"/>). The first source that yields wins; its credentials are
/// cached and, when temporary, refreshed before they expire (see <see cref="RefreshingCredentialsProvider"/>).
/// Thread-safe.
/// </summary>
/// <remarks>
/// A source that is not configured (no variables, no file or profile, instance metadata disabled or unreachable)
/// is skipped. A source that is configured but broken (half a key pair, a malformed file, a container endpoint
/// that is not allowed or fails) ends the search with its error, so that a different identity further down the
/// chain is never used by surprise. When no source yields, the <see cref="AwsCredentialsException"/> lists every
/// source tried and why it had nothing.
/// </remarks>
public sealed class DefaultCredentialsChain : IAwsCredentialsProvider
{
    private readonly RefreshingCredentialsProvider _cache;
    private readonly string _description;

    /// <summary>Creates the chain.</summary>
    /// <param name="environment">Reads an environment variable by name; <see langword="null"/> for the process environment.</param>
    /// <param name="httpClient">
    /// The client for the container and instance metadata endpoints; <see langword="null"/> for a shared one without
    /// proxy or redirects and with a 1 s connect timeout. An injected client is not disposed.
    /// </param>
    /// <param name="timeProvider">The clock for expiry and timeouts; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">Logging; <see langword="null"/> for none.</param>
    public DefaultCredentialsChain(
        Func<string, string?>? environment = null,
        HttpClient? httpClient = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
        : this(environment, httpClient, timeProvider, loggerFactory, metadataTimeout: null)
    {
    }

    /// <summary>Creates the chain; <paramref name="metadataTimeout"/>, when given, replaces the container and instance metadata providers' default time-outs.</summary>
    internal DefaultCredentialsChain(
        Func<string, string?>? environment,
        HttpClient? httpClient,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory,
        TimeSpan? metadataTimeout)
    {
        environment ??= AwsEnvironment.Process;
        loggerFactory ??= NullLoggerFactory.Instance;
        var files = new SharedCredentialsFileProvider(environment);
        var chain = new CredentialsChain(
            [
                new EnvironmentCredentialsProvider(environment),
                files,
                new ContainerCredentialsProvider(environment, httpClient, timeProvider, loggerFactory)
                {
                    Timeout = metadataTimeout ?? ContainerCredentialsProvider.DefaultTimeout,
                },
                new InstanceMetadataCredentialsProvider(environment, httpClient, timeProvider, loggerFactory)
                {
                    Timeout = metadataTimeout ?? InstanceMetadataCredentialsProvider.DefaultTimeout,
                },
            ],
            loggerFactory.CreateLogger<DefaultCredentialsChain>());
        _cache = new RefreshingCredentialsProvider(chain, nameof(DefaultCredentialsChain), timeProvider, loggerFactory);
        _description = $"DefaultCredentialsChain {{ environment -> shared files (profile {files.ProfileName}) -> container -> instance metadata }}";
    }

    /// <inheritdoc />
    /// <exception cref="AwsCredentialsException">No source yielded credentials, or a configured source is broken.</exception>
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) =>
        _cache.GetCredentialsAsync(cancellationToken);

    /// <inheritdoc />
    public override string ToString() => _description;
}
