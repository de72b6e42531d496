using Ses.Transport.Https;
using Ses.Transport.Policy.Internal;

namespace Ses.Transport.DependencyInjection.Internal;

/// <summary>The account's <c>MaxSendRate</c> from <c>GetAccount</c>, for <see cref="Policy.SendRateMode.FromAccount"/>.</summary>
internal sealed class AccountSendRateSource(Func<SesApiClient> client) : ISendRateSource
{
    public async ValueTask<double> GetMaxSendRateAsync(CancellationToken cancellationToken)
    {
        var account = await client().GetAccountAsync(cancellationToken).ConfigureAwait(false);
        return account.MaxSendRate;
    }
}
