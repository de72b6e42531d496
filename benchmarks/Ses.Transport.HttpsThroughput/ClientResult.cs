namespace Ses.Transport.HttpsThroughput;

/// <summary>One client's measurement.</summary>
internal sealed record ClientResult(
    int Round,
    string Client,
    int Sent,
    int Failures,
    int Arrived,
    double Seconds,
    double MessagesPerSecond,
    double P50Milliseconds,
    double P99Milliseconds,
    double CpuMillisecondsPerMessage,
    long PeakMemoryBytes,
    double ServerCpuMillisecondsPerMessage,
    long? JitCompiledMethods,
    string? Error);
