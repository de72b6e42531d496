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
    public double RecipientsPerSecond { get; set; } = 1;
}
