namespace Ses.Transport.Diagnostics;

/// <summary>
/// The names under which the library publishes metrics and traces, for OpenTelemetry
/// (<c>AddMeter(SesTransportTelemetry.MeterName)</c>, <c>AddSource(SesTransportTelemetry.ActivitySourceName)</c>).
/// </summary>
public static class SesTransportTelemetry
{
    /// <summary>The name of the library's <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "Ses.Transport";

    /// <summary>The name of the library's <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string ActivitySourceName = "Ses.Transport";
}
