using System.Net.Http.Json;

namespace Ses.Transport.Throughput;

/// <summary>The sink's counters (GET /stats on its control port): what arrived, not what clients claim they sent.</summary>
internal sealed class SinkStats
{
    public long Messages { get; set; }

    public long Bytes { get; set; }

    public long Connections { get; set; }

    public long Rejected { get; set; }

    /// <summary>The sink's CPU time (user + system) in milliseconds: the server's share of the two cores.</summary>
    public double CpuMs { get; set; }

    public static async Task<SinkStats> ReadAsync(HttpClient http, int controlPort)
    {
        var stats = await http.GetFromJsonAsync(new Uri($"http://127.0.0.1:{controlPort}/stats"), HarnessJsonContext.Default.SinkStats);
        return stats ?? throw new InvalidOperationException("The sink returned no stats.");
    }
}
