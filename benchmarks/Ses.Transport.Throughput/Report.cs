using System.Globalization;
using System.Text;
using static Ses.Transport.Benchmarking.Statistics;

namespace Ses.Transport.Throughput;

/// <summary>The Markdown report: the throughput table, the ratios the targets are stated in, the large-message table.</summary>
internal static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(HarnessOptions options, IReadOnlyList<RunRecord> all)
    {
        // One row per scenario: its median round by msg/s (a failed round wins, so that failures always show).
        var runs = all.GroupBy(r => r.Scenario).Select(g => g.FirstOrDefault(r => r.Error is not null && r.Expected > 0) ?? Median(g.ToList()))
            .OrderBy(r => Scenario.All.ToList().IndexOf(r.Scenario)).ToList();
        var ranges = all.Where(r => r.Result is not null && r.Error is null).GroupBy(r => r.Scenario.Name)
            .ToDictionary(g => g.Key, g => (Min: g.Min(r => Rate(r.Result!)), Max: g.Max(r => Rate(r.Result!)), Count: g.Count()));
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"Run at {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}; {options.Messages} messages of {options.Size} bytes (after untimed warm-up: at least {options.Warmup} messages and {options.WarmupSeconds} s per scenario and round), concurrency {options.Concurrency}; {(options.Rounds > 1 ? $"{options.Rounds} rounds in rotated order, each row its median round by msg/s (range in brackets)" : "one round")}; sink: Node smtp-server on 127.0.0.1, STARTTLS or implicit TLS, TLS 1.3, AUTH PLAIN, no greeting pause.");
        text.AppendLine();
        text.AppendLine("| Scenario | Client | msg/s | p50 ms | p99 ms | client CPU ms/msg | sink CPU ms/msg | peak working set MiB | connections opened | .NET methods compiled while timed | arrived |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var run in runs.Where(r => r.Scenario.Kind == ScenarioKind.Throughput))
        {
            if (run.Result is not { } result || run.Sink is not { } sink)
            {
                text.AppendLine(Invariant, $"| {run.Scenario.Name} | {run.Scenario.Description} | – | – | – | – | – | – | – | – | {run.Error} |");
                continue;
            }

            var sorted = result.LatenciesMs.Order().ToArray();
            text.AppendLine(Invariant, $"| {run.Scenario.Name} | {run.Scenario.Description} | {Rate(result):N0}{Range(ranges, run.Scenario.Name)} | {Percentile(sorted, 0.50):F2} | {Percentile(sorted, 0.99):F2} | {CpuPerMessage(result):F3} | {sink.CpuMs / Math.Max(1, sink.Messages):F3} | {Megabytes(result.PeakWorkingSetBytes):F0} | {sink.Connections} | {(result.JitCompiledMethods is { } jit ? jit.ToString(Invariant) : "–")} | {(run.Error is null ? $"{sink.Messages}/{run.Expected}" : $"**{run.Error}**")} |");
        }

        text.AppendLine();
        text.AppendLine("Ratios (same run; msg/s of the first over msg/s of the second; CPU ratio = client CPU per message of the first over the second's):");
        text.AppendLine();
        text.AppendLine("| Ratio | msg/s ratio | target | met | CPU/msg ratio |");
        text.AppendLine("|---|---:|---:|---|---:|");
        Ratio(text, runs, Scenario.StartTlsPool4, Scenario.MailKitFourPersistent, 0.9);
        Ratio(text, runs, Scenario.StartTlsPool4, Scenario.MailKitConnectPerMessage, 14);
        Ratio(text, runs, Scenario.StartTlsPool4, Scenario.NodemailerPool4, 1.4);
        Ratio(text, runs, Scenario.StartTlsPool4Recycle100, Scenario.MailKitFourPersistent, null);
        Ratio(text, runs, Scenario.StartTlsPool4, Scenario.StartTlsPool4Recycle100, null);
        Ratio(text, runs, Scenario.TlsWrapperPool4, Scenario.MailKitFourPersistent, 0.9);
        Ratio(text, runs, Scenario.MailKitFourPersistent, Scenario.MailKitOnePersistent, null);

        var large = runs.Where(r => r.Scenario.Kind == ScenarioKind.LargeMessage).ToList();
        if (large.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(Invariant, $"Large message: {options.LargeMegabytes} MB (10^6 bytes) attachment, base64 on the wire, one message after two warm-up sends. \"Added\" = peak resident set during the send minus the resident set just before it (message built, connection open, after a full GC); SMTP target: added ≤ 1.2× the message size.");
            text.AppendLine();
            text.AppendLine("| Scenario | Client | message MiB on the wire | RSS before MiB | peak during send MiB | added MiB | added / message size | managed allocated MiB | send s | arrived |");
            text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (var run in large)
            {
                if (run.Result is not { } result || run.Sink is not { } sink)
                {
                    text.AppendLine(Invariant, $"| {run.Scenario.Name} | {run.Scenario.Description} | – | – | – | – | – | – | – | {run.Error} |");
                    continue;
                }

                var added = result.PeakDuringSendBytes - result.BaselineWorkingSetBytes;
                text.AppendLine(Invariant, $"| {run.Scenario.Name} | {run.Scenario.Description} | {Megabytes(result.MessageBytes):F1} | {Megabytes(result.BaselineWorkingSetBytes):F1} | {Megabytes(result.PeakDuringSendBytes):F1} | {Megabytes(added):F1} | {(double)added / result.MessageBytes:F2}× | {Megabytes(result.AllocatedBytes):F1} | {result.Seconds:F2} | {(run.Error is null ? $"{sink.Messages}/{run.Expected}" : $"**{run.Error}**")} |");
            }

            var method = large.Select(r => r.Result?.PeakMethod).FirstOrDefault(m => m is not null);
            if (method is not null)
            {
                text.AppendLine();
                text.AppendLine(Invariant, $"Peak measured by: {method}.");
            }
        }

        return text.ToString();
    }

    private static void Ratio(StringBuilder text, IReadOnlyList<RunRecord> runs, string first, string second, double? target)
    {
        var a = runs.FirstOrDefault(r => r.Scenario.Name == first);
        var b = runs.FirstOrDefault(r => r.Scenario.Name == second);
        if (a is null || b is null)
        {
            return;
        }

        var label = $"{first} / {second}";
        var goal = target is { } t ? $"≥ {t.ToString("0.##", Invariant)}×" : "–";
        if (a.Result is null || b.Result is null || a.Error is not null || b.Error is not null)
        {
            text.AppendLine(Invariant, $"| {label} | – | {goal} | not measured | – |");
            return;
        }

        var ratio = Rate(a.Result) / Rate(b.Result);
        var cpu = CpuPerMessage(a.Result) / CpuPerMessage(b.Result);
        var met = target is null ? "–" : ratio >= target ? "yes" : $"**no** ({ratio / target.Value:P0} of target)";
        text.AppendLine(Invariant, $"| {label} | {ratio:F2}× | {goal} | {met} | {cpu:F2}× |");
    }

    private static double Rate(WorkerResult result) => result.Messages / result.Seconds;

    private static RunRecord Median(List<RunRecord> rounds)
    {
        var measured = rounds.Where(r => r.Result is not null).OrderBy(r => Rate(r.Result!)).ToList();
        return measured.Count == 0 ? rounds[0] : measured[(measured.Count - 1) / 2];
    }

    private static string Range(Dictionary<string, (double Min, double Max, int Count)> ranges, string name) =>
        ranges.TryGetValue(name, out var range) && range.Count > 1 ? $" ({range.Min:N0}–{range.Max:N0})" : string.Empty;

    private static double CpuPerMessage(WorkerResult result) => result.CpuMs / Math.Max(1, result.Messages);

    private static double Megabytes(long bytes) => bytes / (1024.0 * 1024.0);
}
