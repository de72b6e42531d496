namespace Ses.Transport.Credentials;

/// <summary>Supplies AWS credentials for signing SES API requests. Implementations are thread-safe.</summary>
public interface IAwsCredentialsProvider
{
    /// <summary>Returns current credentials, refreshing them first where they are about to expire.</summary>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The credentials.</returns>
    /// <exception cref="AwsCredentialsException">No credentials could be found or loaded.</exception>
    ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default);
}
