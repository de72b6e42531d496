using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ses.Transport.Policy;
using Ses.Transport.Policy.Internal;

namespace Ses.Transport.DependencyInjection.Internal;

/// <summary>Creates and keeps the <see cref="SesSender"/> of each registered name, and builds its policy-driven transport.</summary>
internal sealed class SesSenderFactory(
    IOptionsMonitor<SesTransportOptions> options,
    IHttpClientFactory httpClients,
    TimeProvider timeProvider,
    ILoggerFactory? loggerFactory = null,
    IMeterFactory? meterFactory = null) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<SesSender>> _senders = new(StringComparer.Ordinal);

    /// <summary>The sender <paramref name="name"/>; its options are validated (and throw <see cref="OptionsValidationException"/>) on first use.</summary>
    public SesSender Get(string name) =>
        _senders.GetOrAdd(name, n => new Lazy<SesSender>(() => new SesSender(n, options.Get(n), httpClients, loggerFactory, timeProvider, meterFactory))).Value;

    /// <summary>The policy-driven transport of sender <paramref name="name"/> over its configured transports.</summary>
    public ISesTransport CreateTransport(string name)
    {
        var sender = Get(name);
        var transports = sender.CreateTransports();
        var keys = SenderSettings.Keys(sender.Options);
        ISendRateSource? rateSource = sender.Options.Policy.SendRate.Mode == SendRateMode.FromAccount ? new SesApiSendRateSource(() => sender.ApiClient) : null;
        return new PolicyDrivenTransport(sender.Options.Policy, transports, keys, sender.KnownSets, rateSource, loggerFactory, timeProvider, meterFactory);
    }

    public void Dispose()
    {
        foreach (var sender in _senders.Values)
        {
            if (sender.IsValueCreated)
            {
                sender.Value.Dispose();
            }
        }
    }
}
