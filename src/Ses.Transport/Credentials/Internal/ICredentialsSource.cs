namespace Ses.Transport.Credentials.Internal;

/// <summary>
/// One link of the default chain. A source that is not configured (or, for instance metadata, not reachable)
/// says so and the chain moves on; a source that is configured but broken throws, and the chain stops there
/// so that a broken explicit setting is never masked by a different identity further down.
/// </summary>
internal interface ICredentialsSource
{
    /// <summary>A short name for messages and logs (<c>environment</c>, <c>shared files</c>, ...).</summary>
    string SourceName { get; }

    /// <summary>Looks for credentials.</summary>
    /// <exception cref="AwsCredentialsException">The source is configured but its configuration or answer is unusable.</exception>
    ValueTask<CredentialsLookup> LookupAsync(CancellationToken cancellationToken);
}
