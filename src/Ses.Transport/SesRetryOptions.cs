namespace Ses.Transport;

/// <summary>
/// How transient failures (throttling, connection lost, server busy) are retried. Permanent failures are never
/// retried. One mechanism serves all three transports.
/// </summary>
public sealed class SesRetryOptions
{
    /// <summary>Retries after the first attempt; 0 turns retrying off.</summary>
    /// <value>The default is 3.</value>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first delay; each next one doubles, with jitter.</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest single delay.</summary>
    /// <value>The default is 20 seconds.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The longest a send may take, all attempts and delays included.</summary>
    /// <value>The default is 2 minutes.</value>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Copies the settings into <paramref name="target"/>.</summary>
    /// <param name="target">The options to overwrite.</param>
    public void CopyTo(SesRetryOptions target)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.MaxRetryAttempts = MaxRetryAttempts;
        target.BaseDelay = BaseDelay;
        target.MaxDelay = MaxDelay;
        target.TotalTimeout = TotalTimeout;
    }
}
