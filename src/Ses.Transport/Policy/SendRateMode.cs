namespace Ses.Transport.Policy;

/// <summary>Where the send rate (recipients per second) comes from.</summary>
public enum SendRateMode
{
    /// <summary>No limit in the library; SES throttles (SMTP 454, HTTP 429) when the account's rate is exceeded. The default.</summary>
    None = 0,

    /// <summary><see cref="SendRate.RecipientsPerSecond"/>.</summary>
    Fixed = 1,

    /// <summary>
    /// The account's <c>MaxSendRate</c> as SES reports it (<c>GetAccount</c>), read before the first send and again
    /// after <see cref="SendRate.AccountRefreshInterval"/>. Needs the SES API client: use the
    /// <see cref="PolicyDrivenTransport"/> constructor that takes a <see cref="Https.SesApiClient"/>. When the first read
    /// fails the send is refused (<see cref="DeliveryPolicyViolation.SendRateUnavailable"/>); the library never sends
    /// without a rate in this mode.
    /// </summary>
    FromAccount = 2,
}
