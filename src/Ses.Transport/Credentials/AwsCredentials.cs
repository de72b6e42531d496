namespace Ses.Transport.Credentials;

/// <summary>
/// AWS credentials for signing SES API requests: an access key id, a secret access key and, for temporary
/// credentials, a session token and an expiry. <see cref="ToString"/> never shows the secret or the token.
/// </summary>
public sealed class AwsCredentials
{
    /// <summary>Creates credentials.</summary>
    /// <param name="accessKeyId">The access key id.</param>
    /// <param name="secretAccessKey">The secret access key.</param>
    /// <param name="sessionToken">The session token of temporary credentials, or <see langword="null"/>.</param>
    /// <param name="expiration">When temporary credentials expire, or <see langword="null"/> for long-term ones.</param>
    /// <exception cref="ArgumentException">The key id or the secret is empty.</exception>
    public AwsCredentials(string accessKeyId, string secretAccessKey, string? sessionToken = null, DateTimeOffset? expiration = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentException.ThrowIfNullOrEmpty(secretAccessKey);
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        SessionToken = string.IsNullOrEmpty(sessionToken) ? null : sessionToken;
        Expiration = expiration;
    }

    /// <summary>The access key id (not a secret; it appears in signed requests).</summary>
    public string AccessKeyId { get; }

    /// <summary>The secret access key. Never logged.</summary>
    public string SecretAccessKey { get; }

    /// <summary>The session token of temporary credentials. Never logged.</summary>
    public string? SessionToken { get; }

    /// <summary>When the credentials expire; <see langword="null"/> for long-term credentials.</summary>
    public DateTimeOffset? Expiration { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"AwsCredentials {{ AccessKeyId = {AccessKeyId}, SecretAccessKey = ***, SessionToken = {(SessionToken is null ? "(none)" : "***")}, Expiration = {Expiration?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"} }}";
}
