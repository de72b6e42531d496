namespace Ses.Transport.Credentials.Internal;

/// <summary>What a source found: credentials, or why it had none (never a secret).</summary>
internal readonly struct CredentialsLookup
{
    private CredentialsLookup(AwsCredentials? credentials, string? reason, AwsCredentialsException? failure)
    {
        Credentials = credentials;
        Reason = reason;
        Failure = failure;
    }

    public AwsCredentials? Credentials { get; }

    /// <summary>Why there are no credentials, when there are none.</summary>
    public string? Reason { get; }

    /// <summary>The failure to throw when the source is used on its own, when there was one.</summary>
    public AwsCredentialsException? Failure { get; }

    public static CredentialsLookup Found(AwsCredentials credentials) => new(credentials, null, null);

    public static CredentialsLookup NotConfigured(string reason) => new(null, reason, null);

    public static CredentialsLookup Unavailable(AwsCredentialsException failure) => new(null, failure.Message, failure);

    /// <summary>The credentials, or the failure (a source used on its own has nowhere else to go).</summary>
    public AwsCredentials GetOrThrow(string sourceName) =>
        Credentials ?? throw Failure ?? new AwsCredentialsException($"No AWS credentials from {sourceName}: {Reason}.");
}
