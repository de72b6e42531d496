using Ses.Transport.Internal;

namespace Ses.Transport.Policy;

/// <summary>
/// The send rate, in recipients per second: SES counts every recipient (To, Cc, Bcc) of every message against the
/// account's maximum send rate, so the limiter does too.
/// </summary>
public sealed class SendRate
{
    /// <summary>Where the rate comes from.</summary>
    /// <value>The default is <see cref="SendRateMode.None"/>.</value>
    public SendRateMode Mode { get; set; }

    /// <summary>The rate for <see cref="SendRateMode.Fixed"/>, in recipients per second; more than 0.</summary>
    /// <value>The default is 1 (the SES sandbox's rate).</value>
    public double RecipientsPerSecond { get; set; } = SesLimits.SandboxMaxSendRate;

    /// <summary>
    /// For <see cref="SendRateMode.FromAccount"/>: how long an account rate read from SES (<c>GetAccount</c>) is used
    /// before it is read again (SES raises an account's rate as its sending grows, and on request). The re-read is done
    /// by the first send after this time; other sends go on at the current rate meanwhile. A failed re-read keeps the
    /// current rate and is tried again a minute later (or after this time, when shorter).
    /// <see cref="Timeout.InfiniteTimeSpan"/> reads the rate once.
    /// </summary>
    /// <value>The default is 1 hour.</value>
    public TimeSpan AccountRefreshInterval { get; set; } = TimeSpan.FromHours(1);
}
