using Ses.Transport.Https;

namespace Ses.Transport.Policy.Internal;

/// <summary>
/// The account's <c>SendQuota.MaxSendRate</c> from <see cref="SesApiClient.GetAccountAsync"/>; the client is the caller's
/// (not disposed here) and, when given as a factory, is obtained only when the rate is first read.
/// </summary>
internal sealed class SesApiSendRateSource(Func<SesApiClient> client) : ISendRateSource
{
    public SesApiSendRateSource(SesApiClient client)
        : this(() => client)
    {
        ArgumentNullException.ThrowIfNull(client);
    }

    public async ValueTask<double> GetMaxSendRateAsync(CancellationToken cancellationToken)
    {
        var account = await client().GetAccountAsync(cancellationToken).ConfigureAwait(false);
        return account.MaxSendRate;
    }
}
