namespace Ses.Transport.Https;

/// <summary>The sending state of the SES account in a region, from <see cref="SesApiClient.GetAccountAsync"/>.</summary>
public sealed class SesAccount
{
    /// <summary>The most messages (recipients) the account may send in 24 hours; -1 means unlimited.</summary>
    public double Max24HourSend { get; init; }

    /// <summary>The most messages (recipients) the account may send per second.</summary>
    public double MaxSendRate { get; init; }

    /// <summary>The messages (recipients) sent in the past 24 hours.</summary>
    public double SentLast24Hours { get; init; }

    /// <summary>Whether the account may send at all in this region.</summary>
    public bool SendingEnabled { get; init; }

    /// <summary>Whether the account is out of the SES sandbox (may send to unverified recipients).</summary>
    public bool ProductionAccessEnabled { get; init; }
}
