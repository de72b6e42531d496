using Microsoft.Extensions.Logging;
using Ses.Transport.Diagnostics;

namespace Ses.Transport.Credentials.Internal;

/// <summary>
/// Asks each source in turn; the first that yields wins. A source that is not configured (or, for instance
/// metadata, not reachable) is skipped and remembered for the final message; a source that is configured but
/// broken throws and ends the search.
/// </summary>
internal sealed class CredentialsChain(IReadOnlyList<ICredentialsSource> sources, ILogger logger) : IAwsCredentialsProvider
{
    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        var tried = new List<string>(sources.Count);
        foreach (var source in sources)
        {
            var lookup = await source.LookupAsync(cancellationToken).ConfigureAwait(false);
            if (lookup.Credentials is { } credentials)
            {
                Log.CredentialsFound(logger, source.SourceName, credentials.Expiration);
                return credentials;
            }

            Log.CredentialsSourceSkipped(logger, source.SourceName, lookup.Reason);
            tried.Add($"{source.SourceName} ({lookup.Reason})");
        }

        throw new AwsCredentialsException($"No AWS credentials were found. Tried: {string.Join("; ", tried)}.");
    }
}
