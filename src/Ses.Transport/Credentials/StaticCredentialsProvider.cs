namespace Ses.Transport.Credentials;

/// <summary>Always returns the same credentials.</summary>
public sealed class StaticCredentialsProvider : IAwsCredentialsProvider
{
    private readonly AwsCredentials _credentials;

    /// <summary>Creates the provider.</summary>
    /// <param name="credentials">The credentials to return.</param>
    public StaticCredentialsProvider(AwsCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _credentials = credentials;
    }

    /// <summary>Creates the provider from an access key id, secret and optional session token.</summary>
    public StaticCredentialsProvider(string accessKeyId, string secretAccessKey, string? sessionToken = null)
        : this(new AwsCredentials(accessKeyId, secretAccessKey, sessionToken))
    {
    }

    /// <inheritdoc />
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(_credentials);

    /// <inheritdoc />
    public override string ToString() => $"StaticCredentialsProvider {{ AccessKeyId = {_credentials.AccessKeyId} }}";
}
