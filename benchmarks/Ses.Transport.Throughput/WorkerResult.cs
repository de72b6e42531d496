using System.Text.Json.Serialization;

namespace Ses.Transport.Throughput;

/// <summary>What a worker process reports (one JSON line on stdout); the Node clients print the same shape.</summary>
internal sealed class WorkerResult
{
    /// <summary>Messages sent successfully in the timed part.</summary>
    public int Messages { get; set; }

    public int Failed { get; set; }

    /// <summary>Untimed messages sent before the timed part (at least --warmup, for at least --warmup-seconds).</summary>
    public int WarmupMessages { get; set; }

    /// <summary>Wall time of the timed part.</summary>
    public double Seconds { get; set; }

    /// <summary>Per-message latency of the timed part, in milliseconds.</summary>
    public List<double> LatenciesMs { get; set; } = [];

    /// <summary>Process CPU time (user + system) spent in the timed part, in milliseconds.</summary>
    public double CpuMs { get; set; }

    /// <summary>.NET workers: methods the JIT compiled during the timed part (near 0 at steady state); Node: none.</summary>
    public long? JitCompiledMethods { get; set; }

    /// <summary>The process's peak resident set (VmHWM) over its whole life.</summary>
    public long PeakWorkingSetBytes { get; set; }

    /// <summary>Large message only: its size on the wire (what the sink counted comes from the sink).</summary>
    public long MessageBytes { get; set; }

    /// <summary>Large message only: the resident set just before the send (message built, connection warm).</summary>
    public long BaselineWorkingSetBytes { get; set; }

    /// <summary>Large message only: the peak resident set during the send.</summary>
    public long PeakDuringSendBytes { get; set; }

    /// <summary>Large message only: managed bytes allocated by the send.</summary>
    public long AllocatedBytes { get; set; }

    /// <summary>Large message only: how the peak was measured (<c>VmHWM reset</c> or <c>sampled</c>).</summary>
    public string? PeakMethod { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(WorkerResult))]
[JsonSerializable(typeof(SinkStats))]
internal sealed partial class HarnessJsonContext : JsonSerializerContext;
