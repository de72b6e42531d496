using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ses.Transport.Diagnostics;

/// <summary>The library's instruments, on one <see cref="Meter"/> named <see cref="SesTransportTelemetry.MeterName"/>.</summary>
internal sealed class SesTransportMetrics
{
    /// <summary>The library's activity source.</summary>
    public static readonly ActivitySource ActivitySource = new(SesTransportTelemetry.ActivitySourceName);

    private static readonly Lazy<SesTransportMetrics> Shared = new(() => new SesTransportMetrics(new Meter(SesTransportTelemetry.MeterName)));

    private SesTransportMetrics(Meter meter)
    {
        Sent = meter.CreateCounter<long>("ses.transport.messages.sent", "{message}", "Messages SES accepted.");
        Failed = meter.CreateCounter<long>("ses.transport.messages.failed", "{message}", "Messages that could not be sent.");
        Throttled = meter.CreateCounter<long>("ses.transport.messages.throttled", "{attempt}", "Attempts SES throttled.");
        Recipients = meter.CreateCounter<long>("ses.transport.recipients", "{recipient}", "Recipients of accepted messages.");
        Bytes = meter.CreateCounter<long>("ses.transport.bytes", "By", "Encoded bytes of accepted messages.");
        Duration = meter.CreateHistogram<double>("ses.transport.send.duration", "s", "Time to send one message, retries included.");
        PolicyViolations = meter.CreateCounter<long>("ses.transport.policy.violations", "{message}", "Messages refused because the delivery policy could not be met.");
        Failovers = meter.CreateCounter<long>("ses.transport.policy.failovers", "{failover}", "Sends moved to the next transport after a connection-level failure.");
    }

    public Counter<long> Sent { get; }

    public Counter<long> Failed { get; }

    public Counter<long> Throttled { get; }

    public Counter<long> Recipients { get; }

    public Counter<long> Bytes { get; }

    public Histogram<double> Duration { get; }

    public Counter<long> PolicyViolations { get; }

    public Counter<long> Failovers { get; }

    /// <summary>The instruments on a meter from <paramref name="meterFactory"/>, or on a shared meter when none is given.</summary>
    public static SesTransportMetrics Create(IMeterFactory? meterFactory) =>
        meterFactory is null ? Shared.Value : new SesTransportMetrics(meterFactory.Create(SesTransportTelemetry.MeterName));
}
