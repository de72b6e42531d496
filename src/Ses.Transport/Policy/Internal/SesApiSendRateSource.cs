using Ses.Transport.Https;

namespace Ses.Transport.Policy.Internal;

/// <summary>The account's <c>SendQuota.MaxSendRate</c> from <see cref="SesApiClient.GetAccountAsync"/>; the client is the caller's (not disposed here).</summary>
internal sealed class SesApiSendRateSource(SesApiClient client) : ISendRateSource
{
    public async ValueTask<double> GetMaxSendRateAsync(CancellationToken cancellationToken)
    {
        var account = await client.GetAccountAsync(cancellationToken).ConfigureAwait(false);
        return account.MaxSendRate;
    }
}
