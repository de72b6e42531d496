using Ses.Transport.Credentials.Internal;

namespace Ses.Transport.Credentials;

/// <summary>
/// Credentials from the environment variables <c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c> and, for
/// temporary credentials, <c>AWS_SESSION_TOKEN</c>. The variables are read on every call.
/// </summary>
public sealed class EnvironmentCredentialsProvider : IAwsCredentialsProvider, ICredentialsSource
{
    private readonly Func<string, string?> _environment;

    /// <summary>Creates the provider.</summary>
    /// <param name="environment">
    /// Reads an environment variable by name; <see langword="null"/> for the process environment
    /// (<see cref="Environment.GetEnvironmentVariable(string)"/>). Tests pass a dictionary look-up.
    /// </param>
    public EnvironmentCredentialsProvider(Func<string, string?>? environment = null)
    {
        _environment = environment ?? AwsEnvironment.Process;
    }

    string ICredentialsSource.SourceName => "environment";

    /// <inheritdoc />
    /// <exception cref="AwsCredentialsException">
    /// The variables are not set, only one of the key id and the secret is set, or a value is malformed.
    /// </exception>
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return ValueTask.FromResult(Lookup().GetOrThrow("the environment"));
        }
        catch (AwsCredentialsException ex)
        {
            return ValueTask.FromException<AwsCredentials>(ex);
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"EnvironmentCredentialsProvider {{ {AwsEnvironment.AccessKeyId}, {AwsEnvironment.SecretAccessKey}, {AwsEnvironment.SessionToken} }}";

    ValueTask<CredentialsLookup> ICredentialsSource.LookupAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Lookup());

    private CredentialsLookup Lookup()
    {
        var accessKeyId = AwsEnvironment.Get(_environment, AwsEnvironment.AccessKeyId);
        var secretAccessKey = AwsEnvironment.Get(_environment, AwsEnvironment.SecretAccessKey);
        if (accessKeyId is null && secretAccessKey is null)
        {
            return CredentialsLookup.NotConfigured($"{AwsEnvironment.AccessKeyId} and {AwsEnvironment.SecretAccessKey} are not set");
        }

        // Half a key pair is a mistake to report, not a reason to fall through to another identity.
        if (accessKeyId is null || secretAccessKey is null)
        {
            var (set, missing) = accessKeyId is null
                ? (AwsEnvironment.SecretAccessKey, AwsEnvironment.AccessKeyId)
                : (AwsEnvironment.AccessKeyId, AwsEnvironment.SecretAccessKey);
            throw new AwsCredentialsException($"{set} is set but {missing} is not.");
        }

        var sessionToken = AwsEnvironment.Get(_environment, AwsEnvironment.SessionToken);
        return CredentialsLookup.Found(CredentialValues.Create(accessKeyId, secretAccessKey, sessionToken, expiration: null, "the environment"));
    }
}
