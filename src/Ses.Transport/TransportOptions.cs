namespace Ses.Transport;

/// <summary>Settings every transport has: TLS, retries, timeouts and the default configuration set.</summary>
public abstract class TransportOptions
{
    /// <summary>TLS for hop 1 (sender → SES).</summary>
    public SesTlsOptions Tls { get; } = new();

    /// <summary>Retries of transient failures.</summary>
    public SesRetryOptions Retry { get; } = new();

    /// <summary>
    /// The configuration set used when the message has no <c>X-SES-CONFIGURATION-SET</c> header.
    /// Its <c>TlsPolicy</c> decides whether SES requires TLS to the receiver (hop 2).
    /// </summary>
    /// <value>The default is <see langword="null"/> (the account's default configuration set, if any).</value>
    public string? ConfigurationSetName { get; set; }

    /// <summary>The timeout for one network operation (connect, one SMTP command, one HTTP request).</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan OperationTimeout { get; set; } = DefaultOperationTimeout;

    /// <summary>The default of <see cref="OperationTimeout"/>, also that of the dependency-injection settings.</summary>
    internal static readonly TimeSpan DefaultOperationTimeout = TimeSpan.FromSeconds(30);
}
