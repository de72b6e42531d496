using Ses.Transport.Credentials.Internal;

namespace Ses.Transport.Credentials;

/// <summary>
/// Credentials from the AWS shared credentials and config files: the profile <c>AWS_PROFILE</c> (default
/// <c>default</c>) in <c>AWS_SHARED_CREDENTIALS_FILE</c> (default <c>~/.aws/credentials</c>, sections
/// <c>[name]</c>) and <c>AWS_CONFIG_FILE</c> (default <c>~/.aws/config</c>, sections <c>[default]</c> and
/// <c>[profile name]</c>), keys <c>aws_access_key_id</c>, <c>aws_secret_access_key</c> and
/// <c>aws_session_token</c>. The files are read on every call.
/// </summary>
/// <remarks>
/// When both files hold keys for the profile, the credentials file wins (its three keys are taken together, never
/// mixed with the config file's). Profiles that get credentials some other way (<c>role_arn</c>,
/// <c>credential_process</c>, <c>sso_session</c>, <c>web_identity_token_file</c>) are reported as unsupported
/// rather than skipped, so that a different identity further down the chain is never used by surprise.
/// </remarks>
public sealed class SharedCredentialsFileProvider : IAwsCredentialsProvider, ICredentialsSource
{
    private const string DefaultProfile = "default";
    private const string AccessKeyIdKey = "aws_access_key_id";
    private const string SecretAccessKeyKey = "aws_secret_access_key";
    private const string SessionTokenKey = "aws_session_token";
    private const string RegionKey = "region";

    // Ways of getting credentials the AWS SDKs support in a profile and this library does not.
    private static readonly string[] UnsupportedKeys =
        ["role_arn", "source_profile", "credential_source", "credential_process", "sso_session", "sso_start_url", "web_identity_token_file", "login_session"];

    private bool _profileExplicit;

    /// <summary>Creates the provider, taking the profile and file locations from the environment.</summary>
    /// <param name="environment">
    /// Reads an environment variable by name (<c>AWS_PROFILE</c>, <c>AWS_SHARED_CREDENTIALS_FILE</c>,
    /// <c>AWS_CONFIG_FILE</c>, <c>HOME</c>); <see langword="null"/> for the process environment.
    /// </param>
    public SharedCredentialsFileProvider(Func<string, string?>? environment = null)
    {
        environment ??= AwsEnvironment.Process;
        var profile = AwsEnvironment.Get(environment, AwsEnvironment.Profile);
        ProfileName = profile ?? DefaultProfile;
        _profileExplicit = profile is not null; // after the init accessor, which marks every later assignment explicit
        CredentialsFilePath = AwsEnvironment.ExpandHome(environment, AwsEnvironment.Get(environment, AwsEnvironment.SharedCredentialsFile) ?? "~/.aws/credentials");
        ConfigFilePath = AwsEnvironment.ExpandHome(environment, AwsEnvironment.Get(environment, AwsEnvironment.ConfigFile) ?? "~/.aws/config");
    }

    /// <summary>The profile to read.</summary>
    /// <value>The default is <c>AWS_PROFILE</c>, else <c>default</c>. A profile named here or in <c>AWS_PROFILE</c> must exist.</value>
    public string ProfileName
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            field = value;
            _profileExplicit = true;
        }
    }

    /// <summary>The shared credentials file.</summary>
    /// <value>The default is <c>AWS_SHARED_CREDENTIALS_FILE</c>, else <c>~/.aws/credentials</c>.</value>
    public string CredentialsFilePath
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            field = value;
        }
    }

    /// <summary>The shared config file.</summary>
    /// <value>The default is <c>AWS_CONFIG_FILE</c>, else <c>~/.aws/config</c>.</value>
    public string ConfigFilePath
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            field = value;
        }
    }

    string ICredentialsSource.SourceName => "shared files";

    /// <inheritdoc />
    /// <exception cref="AwsCredentialsException">
    /// Neither file has the profile, the profile has no (or half a) key pair, a value is malformed, or a file is
    /// malformed or unreadable (the message names the file and the line, never its text).
    /// </exception>
    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        var lookup = await LookupAsync(cancellationToken).ConfigureAwait(false);
        return lookup.GetOrThrow($"profile '{ProfileName}'");
    }

    /// <summary>
    /// The profile's <c>region</c> from the config file (the AWS SDKs keep regions there, not in the credentials
    /// file), for callers that want the same region the AWS CLI would use. <c>AWS_REGION</c> is not consulted:
    /// callers check it first when they want it to win.
    /// </summary>
    /// <returns>The region, or <see langword="null"/> when the file, the profile or the key is missing.</returns>
    /// <exception cref="AwsCredentialsException">The config file is malformed or unreadable.</exception>
    public string? GetRegion() =>
        AwsProfileFile.Load(ConfigFilePath, AwsProfileFileKind.Config)?.Find(ProfileName)?.Get(RegionKey);

    /// <inheritdoc />
    public override string ToString() =>
        $"SharedCredentialsFileProvider {{ Profile = {ProfileName}, CredentialsFile = {CredentialsFilePath}, ConfigFile = {ConfigFilePath} }}";

    ValueTask<CredentialsLookup> ICredentialsSource.LookupAsync(CancellationToken cancellationToken) => LookupAsync(cancellationToken);

    private async ValueTask<CredentialsLookup> LookupAsync(CancellationToken cancellationToken)
    {
        var credentialsFile = await AwsProfileFile.LoadAsync(CredentialsFilePath, AwsProfileFileKind.Credentials, cancellationToken).ConfigureAwait(false);
        var configFile = await AwsProfileFile.LoadAsync(ConfigFilePath, AwsProfileFileKind.Config, cancellationToken).ConfigureAwait(false);
        if (credentialsFile is null && configFile is null)
        {
            return NotFound($"neither {CredentialsFilePath} nor {ConfigFilePath} exists");
        }

        var fromCredentials = credentialsFile?.Find(ProfileName);
        var fromConfig = configFile?.Find(ProfileName);
        if (fromCredentials is null && fromConfig is null)
        {
            return NotFound($"profile '{ProfileName}' is in neither {CredentialsFilePath} nor {ConfigFilePath}");
        }

        var (profile, file) = HasKeys(fromCredentials) ? (fromCredentials!, credentialsFile!)
            : HasKeys(fromConfig) ? (fromConfig!, configFile!)
            : (null, null);
        if (profile is null || file is null)
        {
            foreach (var (candidate, candidateFile) in new[] { (fromCredentials, credentialsFile), (fromConfig, configFile) })
            {
                var unsupported = candidate is null ? null : Array.Find(UnsupportedKeys, candidate.Has);
                if (unsupported is not null)
                {
                    throw new AwsCredentialsException(
                        $"Profile '{ProfileName}' in {candidateFile!.FilePath} (line {candidate!.LineOf(unsupported)}) uses '{unsupported}', which this library does not support; "
                        + $"give the profile {AccessKeyIdKey} and {SecretAccessKeyKey}, or use another credentials provider.");
                }
            }

            return NotFound($"profile '{ProfileName}' has no {AccessKeyIdKey}");
        }

        var accessKeyId = profile.Get(AccessKeyIdKey);
        var secretAccessKey = profile.Get(SecretAccessKeyKey);
        if (accessKeyId is null || secretAccessKey is null)
        {
            var (set, missing) = accessKeyId is null ? (SecretAccessKeyKey, AccessKeyIdKey) : (AccessKeyIdKey, SecretAccessKeyKey);
            throw new AwsCredentialsException(
                $"Profile '{ProfileName}' in {file.FilePath} (line {profile.LineOf(set)}) has {set} but no {missing}.");
        }

        var origin = $"profile '{ProfileName}' in {file.FilePath} (line {profile.LineOf(AccessKeyIdKey)})";
        return CredentialsLookup.Found(CredentialValues.Create(accessKeyId, secretAccessKey, profile.Get(SessionTokenKey), expiration: null, origin));
    }

    private static bool HasKeys(AwsProfile? profile) =>
        profile is not null && (profile.Get(AccessKeyIdKey) is not null || profile.Get(SecretAccessKeyKey) is not null);

    // A profile someone asked for by name must exist; the implicit 'default' may be absent and the chain moves on.
    private CredentialsLookup NotFound(string reason) =>
        _profileExplicit ? throw new AwsCredentialsException($"No AWS credentials for profile '{ProfileName}': {reason}.") : CredentialsLookup.NotConfigured(reason);
}
