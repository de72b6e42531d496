using System.Diagnostics;
using System.Text.Json;

namespace Ses.Transport.Throughput;

/// <summary>
/// Runs every scenario in its own process against the same sink, reads the sink's counters around each run, checks
/// that every message arrived, and writes the Markdown report.
/// </summary>
internal sealed class Orchestrator(HarnessOptions options)
{
    private static readonly TimeSpan ScenarioTimeout = TimeSpan.FromMinutes(10);

    public async Task<int> RunAsync()
    {
        var peers = options.PeersDirectory ?? FindPeers();
        var work = Directory.CreateTempSubdirectory("ses-throughput-");
        try
        {
            // The Nodemailer client sends this file as is: the same bytes the .NET clients send.
            var messagePath = Path.Combine(work.FullName, "message.eml");
            await BenchMessages.Small(options.Size).WriteToAsync(BenchMessages.WireFormat, messagePath);

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var runs = new List<RunRecord>();
            var selected = Scenario.All.Where(s => options.Scenarios is not { } only || only.Contains(s.Name)).ToList();
            foreach (var scenario in selected.Where(s => s.Kind == ScenarioKind.LargeMessage && options.LargeMegabytes == 0))
            {
                runs.Add(new RunRecord(scenario, null, null, 0, "skipped (--large-mb 0)", 0));
            }

            var throughput = selected.Where(s => s.Kind == ScenarioKind.Throughput).ToList();
            for (var round = 0; round < options.Rounds; round++)
            {
                // A rotated order each round, so that no scenario always runs first or right after the same neighbour.
                foreach (var scenario in throughput.Skip(round % Math.Max(1, throughput.Count)).Concat(throughput.Take(round % Math.Max(1, throughput.Count))))
                {
                    runs.Add(await MeasureAsync(http, scenario, peers, messagePath, round));
                }
            }

            if (options.LargeMegabytes > 0)
            {
                foreach (var scenario in selected.Where(s => s.Kind == ScenarioKind.LargeMessage))
                {
                    runs.Add(await MeasureAsync(http, scenario, peers, messagePath, 0));
                }
            }

            var report = Report.Render(options, runs);
            Console.WriteLine(report);
            if (options.OutputPath is { } output)
            {
                await File.WriteAllTextAsync(output, report);
            }

            var failures = runs.Count(r => r.Expected > 0 && r.Error is not null);
            if (failures > 0)
            {
                Console.Error.WriteLine($"{failures} scenario(s) failed: not every message arrived.");
                return 1;
            }

            Console.Error.WriteLine(options.Smoke ? "smoke: every scenario completed and every message arrived" : "done");
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The interleaved comparison (see <see cref="InterleavedComparison"/>), in this process; exit 1 unless every message arrived.</summary>
    public async Task<int> RunInterleavedAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var before = await SinkStats.ReadAsync(http, options.ControlPort);
        var comparison = await new SmtpScenarios(options).InterleavedAsync(options.Pairs, options.Batch);
        var after = await SinkStats.ReadAsync(http, options.ControlPort);
        var arrived = after.Messages - before.Messages;
        var report = comparison.Render(arrived, after.Connections - before.Connections);
        Console.WriteLine(report);
        if (options.OutputPath is { } output)
        {
            await File.WriteAllTextAsync(output, report);
        }

        if (comparison.Failed > 0 || arrived != comparison.Sent)
        {
            Console.Error.WriteLine($"interleaved: {comparison.Failed} failed at the client, {arrived} of {comparison.Sent} arrived at the sink.");
            return 1;
        }

        return 0;
    }

    private async Task<RunRecord> MeasureAsync(HttpClient http, Scenario scenario, string peers, string messagePath, int round)
    {
        Console.Error.WriteLine($"== {scenario.Name}" + (options.Rounds > 1 && scenario.Kind == ScenarioKind.Throughput ? $" (round {round + 1} of {options.Rounds})" : string.Empty));
        var before = await SinkStats.ReadAsync(http, options.ControlPort);
        var (result, error) = await RunScenarioAsync(scenario, peers, messagePath);
        var after = await SinkStats.ReadAsync(http, options.ControlPort);
        var delta = new SinkStats
        {
            Messages = after.Messages - before.Messages,
            Bytes = after.Bytes - before.Bytes,
            Connections = after.Connections - before.Connections,
            Rejected = after.Rejected - before.Rejected,
            CpuMs = after.CpuMs - before.CpuMs,
        };
        var expected = scenario.Kind == ScenarioKind.Throughput ? (result?.WarmupMessages ?? options.Warmup) + options.Messages : 3;
        if (error is null && (result is null || result.Failed > 0 || delta.Messages != expected))
        {
            error = $"{delta.Messages} of {expected} messages arrived at the sink ({result?.Failed ?? expected} failed at the client)";
        }

        Console.Error.WriteLine(error is null ? $"   ok: {delta.Messages} arrived, {delta.Connections} connections" : $"   FAILED: {error}");
        return new RunRecord(scenario, result, delta, expected, error, round);
    }

    private async Task<(WorkerResult? Result, string? Error)> RunScenarioAsync(Scenario scenario, string peers, string messagePath)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (scenario.Runner == "node")
        {
            start.FileName = "node";
            start.ArgumentList.Add(Path.Combine(peers, "nodemailer-client.js"));
            start.WorkingDirectory = peers;
            start.Environment["BENCH_PORT"] = options.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["BENCH_CA"] = options.CaPath;
            start.Environment["BENCH_MESSAGE"] = messagePath;
            start.Environment["BENCH_FROM"] = BenchMessages.From;
            start.Environment["BENCH_TO"] = BenchMessages.To;
            start.Environment["BENCH_COUNT"] = options.Messages.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["BENCH_WARMUP"] = options.Warmup.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["BENCH_WARMUP_SECONDS"] = options.WarmupSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["BENCH_CONCURRENCY"] = options.Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["BENCH_POOL"] = "4";
        }
        else
        {
            var host = Environment.ProcessPath ?? "dotnet";
            start.FileName = host;
            if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            {
                start.ArgumentList.Add(typeof(Orchestrator).Assembly.Location);
            }

            foreach (var argument in options.WorkerArguments(scenario.Name))
            {
                start.ArgumentList.Add(argument);
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScenarioTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (null, $"timed out after {ScenarioTimeout.TotalMinutes} minutes");
        }

        var output = await stdout;
        var errors = await stderr;
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith('{'));
        if (line is null)
        {
            return (null, $"exit code {process.ExitCode}, no result: {Shorten(errors)}");
        }

        WorkerResult? result;
        try
        {
            result = JsonSerializer.Deserialize(line, HarnessJsonContext.Default.WorkerResult);
        }
        catch (JsonException ex)
        {
            return (null, $"exit code {process.ExitCode}, unreadable result ({line.Length} characters): {ex.Message}");
        }

        return process.ExitCode == 0 ? (result, null) : (result, $"exit code {process.ExitCode}: {Shorten(errors)}");
    }

    private static string Shorten(string text) => text.Length > 400 ? text[..400] + "..." : text.Trim();

    private static string FindPeers()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "benchmarks", "peers");
            if (File.Exists(Path.Combine(candidate, "nodemailer-client.js")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("benchmarks/peers not found above the program's folder; pass --peers.");
    }
}

/// <summary>One scenario's outcome: the client's figures, the sink's counters, and an error when not every message arrived.</summary>
internal sealed record RunRecord(Scenario Scenario, WorkerResult? Result, SinkStats? Sink, int Expected, string? Error, int Round);
