namespace Ses.Transport.Policy.Internal;

/// <summary>
/// Where <see cref="SendRateMode.FromAccount"/> reads the account's maximum send rate (SES <c>GetAccount</c>,
/// <c>SendQuota.MaxSendRate</c>); the HTTPS API client provides it.
/// </summary>
internal interface ISendRateSource
{
    /// <summary>The account's maximum send rate, in recipients per second.</summary>
    ValueTask<double> GetMaxSendRateAsync(CancellationToken cancellationToken);
}
