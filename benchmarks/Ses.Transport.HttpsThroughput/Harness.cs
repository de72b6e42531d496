using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MimeKit;
using Ses.Transport.Credentials;
using Ses.Transport.Https;
using static Ses.Transport.Benchmarking.Statistics;

namespace Ses.Transport.HttpsThroughput;

/// <summary>Runs HttpsTransport and the Node clients against one sandbox and prints the table.</summary>
internal static class Harness
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(HarnessSettings settings)
    {
        var root = RepositoryRoot();
        var sandboxDll = settings.SandboxPath ?? Path.Combine(root, "samples", "Ses.Transport.Sandbox", "bin", "Release", "net10.0", "Ses.Transport.Sandbox.dll");
        var peers = settings.PeersDirectory ?? Path.Combine(root, "benchmarks", "peers");
        if (settings.Node && !File.Exists(Path.Combine(peers, "node_modules", "nodemailer", "package.json")))
        {
            throw new HarnessException($"The Node peers are not installed: run 'npm ci' in {peers}, or pass --no-node.");
        }

        await using var sandbox = settings.InProcess ? await SandboxEndpoint.StartInProcessAsync() : await SandboxEndpoint.StartProcessAsync(sandboxDll);
        Console.WriteLine(string.Create(Invariant, $"Sandbox {sandbox.Api} ({sandbox.Where}); {settings.Count} messages of {settings.Size} bytes at concurrency {settings.Concurrency} per client and round, {settings.Warmup} untimed warm-up messages before each, {settings.Rounds} round(s)."));

        var rawPath = Path.Combine(Path.GetTempPath(), $"ses-https-throughput-{Environment.ProcessId}.eml");
        await File.WriteAllBytesAsync(rawPath, Wire(CreateMessage(settings.Size)));
        try
        {
            var options = Options(sandbox);
            using var api = new SesApiClient(options);
            await using var transport = new HttpsTransport(options);

            // Bring the sandbox (and this process) to their steady state first: .NET compiles hot methods again in the
            // background (tiered compilation), and on two busy cores that takes seconds, so no client may pay for it
            // inside its measurement.
            await RunAsync(transport, settings.SandboxWarmup, settings.Concurrency, settings.Size, latencies: null);

            var clients = new List<Func<int, Task<ClientResult>>> { round => MeasureHttpsTransportAsync(round, settings, transport, api, sandbox) };
            if (settings.Node)
            {
                clients.Add(round => MeasureNodeAsync(round, "nodemailer", "Nodemailer SES transport", settings, sandbox, peers, rawPath, api));
                clients.Add(round => MeasureNodeAsync(round, "sdk", "@aws-sdk/client-sesv2", settings, sandbox, peers, rawPath, api));
            }

            var results = new List<ClientResult>();
            for (var round = 1; round <= settings.Rounds; round++)
            {
                // Rotated order: every client runs first, in the middle and last, so a change in the neighbours' load
                // during the run does not favour one client.
                for (var i = 0; i < clients.Count; i++)
                {
                    results.Add(await clients[(i + round - 1) % clients.Count](round));
                }
            }

            Print(results, settings, sandbox);
            var incomplete = results.Where(r => r.Failures > 0 || r.Arrived != settings.Count).ToList();
            foreach (var result in incomplete)
            {
                Console.Error.WriteLine(string.Create(Invariant, $"error: {result.Client} (round {result.Round}): {result.Sent} sent, {result.Failures} failed, {result.Arrived} of {settings.Count} arrived{(result.Error is null ? "" : ": " + result.Error)}"));
            }

            return incomplete.Count == 0 ? 0 : 1;
        }
        finally
        {
            File.Delete(rawPath);
        }
    }

    private static async Task<ClientResult> MeasureHttpsTransportAsync(int round, HarnessSettings settings, HttpsTransport transport, SesApiClient api, SandboxEndpoint sandbox)
    {
        await RunAsync(transport, settings.Warmup, settings.Concurrency, settings.Size, latencies: null);
        var before = await ArrivedAsync(api);

        using var process = Process.GetCurrentProcess();
        GC.Collect();
        var latencies = new List<double>(settings.Count);
        var jitBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var cpuBefore = process.TotalProcessorTime;
        var serverBefore = sandbox.ServerCpu;
        var watch = Stopwatch.StartNew();
        var (failures, error) = await RunAsync(transport, settings.Count, settings.Concurrency, settings.Size, latencies);
        var seconds = watch.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var server = sandbox.ServerCpu - serverBefore;
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore;

        var arrived = await ArrivedAsync(api) - before;
        var sent = settings.Count - failures;
        latencies.Sort();
        return new ClientResult(
            round, "HttpsTransport", sent, failures, arrived, seconds, sent / seconds,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), cpu.TotalMilliseconds / Math.Max(1, sent),
            process.PeakWorkingSet64, server.TotalMilliseconds / Math.Max(1, sent), compiled, error);
    }

    private static async Task<(int Failures, string? Error)> RunAsync(HttpsTransport transport, int count, int concurrency, int size, List<double>? latencies)
    {
        var next = 0;
        var failures = 0;
        string? error = null;
        var gate = new Lock();

        async Task WorkerAsync()
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await transport.SendAsync(CreateMessage(size));
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (latencies is not null)
                    {
                        lock (gate)
                        {
                            latencies.Add(elapsed);
                        }
                    }
                }
                catch (SesTransportException ex)
                {
                    Interlocked.Increment(ref failures);
                    error ??= ex.GetType().Name + ": " + ex.Message;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(WorkerAsync)));
        return (failures, error);
    }

    private static async Task<ClientResult> MeasureNodeAsync(int round, string client, string name, HarnessSettings settings, SandboxEndpoint sandbox, string peers, string rawPath, SesApiClient api)
    {
        var before = await ArrivedAsync(api);
        var start = new ProcessStartInfo("node") { WorkingDirectory = peers, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "ses-client.js", "--client", client, "--endpoint", sandbox.Api.ToString().TrimEnd('/'), "--region", sandbox.Region,
            "--count", settings.Count.ToString(Invariant), "--concurrency", settings.Concurrency.ToString(Invariant),
            "--size", settings.Size.ToString(Invariant), "--warmup", settings.Warmup.ToString(Invariant), "--raw", rawPath,
        })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NODE_EXTRA_CA_CERTS"] = sandbox.CertificateAuthorityPath;
        start.Environment["AWS_ACCESS_KEY_ID"] = sandbox.Credentials.AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = sandbox.Credentials.SecretAccessKey;
        using var process = Process.Start(start) ?? throw new HarnessException("node did not start.");
        var serverBefore = sandbox.ServerCpu;
        var stdout = ReadNodeOutputAsync(process, () => serverBefore = sandbox.ServerCpu);
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new HarnessException($"{name} did not finish within 15 minutes.");
        }

        var line = await stdout;
        if (process.ExitCode != 0 || line is null || !line.StartsWith('{'))
        {
            throw new HarnessException($"{name} failed (exit {process.ExitCode}): {(await stderr).Trim()}");
        }

        var server = sandbox.ServerCpu - serverBefore;
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        var arrived = await ArrivedAsync(api) - before - settings.Warmup;
        return new ClientResult(
            round,
            name,
            root.GetProperty("sent").GetInt32(),
            root.GetProperty("failures").GetInt32(),
            arrived,
            root.GetProperty("seconds").GetDouble(),
            root.GetProperty("messagesPerSecond").GetDouble(),
            root.GetProperty("p50").GetDouble(),
            root.GetProperty("p99").GetDouble(),
            root.GetProperty("cpuMsPerMessage").GetDouble(),
            root.GetProperty("peakRssBytes").GetInt64(),
            server.TotalMilliseconds / Math.Max(1, settings.Count),
            null,
            root.TryGetProperty("error", out var error) ? error.GetString() : null);
    }

    /// <summary>Reads ses-client.js's output: on its "timed" line (warm-up done) calls <paramref name="timed"/>; returns the last line.</summary>
    private static async Task<string?> ReadNodeOutputAsync(Process process, Action timed)
    {
        string? last = null;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.Trim() == "timed")
            {
                timed();
            }
            else if (line.Trim().Length > 0)
            {
                last = line.Trim();
            }
        }

        return last;
    }

    private static void Print(List<ClientResult> results, HarnessSettings settings, SandboxEndpoint sandbox)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"| Round | Client (concurrency {settings.Concurrency}, {settings.Size} B) | Messages | Arrived | msg/s | p50 ms | p99 ms | Client CPU ms/msg | Sandbox CPU ms/msg | Peak memory MB | .NET methods compiled while timed | HttpsTransport msg/s ÷ this | this CPU/msg ÷ HttpsTransport's |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var ours = results.First(o => o.Round == r.Round && o.Client == "HttpsTransport");
            text.AppendLine(Invariant, $"| {r.Round} | {r.Client} | {r.Sent} | {r.Arrived} | {r.MessagesPerSecond:0} | {r.P50Milliseconds:0.00} | {r.P99Milliseconds:0.00} | {r.CpuMillisecondsPerMessage:0.000} | {r.ServerCpuMillisecondsPerMessage:0.000} | {r.PeakMemoryBytes / 1048576.0:0} | {(r.JitCompiledMethods is { } jit ? jit.ToString(Invariant) : "–")} | {ours.MessagesPerSecond / r.MessagesPerSecond:0.00}× | {r.CpuMillisecondsPerMessage / ours.CpuMillisecondsPerMessage:0.00}× |");
        }

        Console.WriteLine();
        Console.WriteLine(text.ToString());
        if (settings.Rounds > 1)
        {
            var summary = new StringBuilder();
            summary.AppendLine("| Client | median msg/s | HttpsTransport msg/s ÷ this, median of the rounds (range) | this CPU/msg ÷ HttpsTransport's, median (range) |");
            summary.AppendLine("|---|---:|---:|---:|");
            foreach (var client in results.Select(r => r.Client).Distinct())
            {
                var rows = results.Where(r => r.Client == client).ToList();
                var speed = rows.Select(r => results.First(o => o.Round == r.Round && o.Client == "HttpsTransport").MessagesPerSecond / r.MessagesPerSecond).ToList();
                var cpu = rows.Select(r => r.CpuMillisecondsPerMessage / results.First(o => o.Round == r.Round && o.Client == "HttpsTransport").CpuMillisecondsPerMessage).ToList();
                summary.AppendLine(Invariant, $"| {client} | {Median(rows.Select(r => r.MessagesPerSecond)):0} | {Median(speed):0.00}× ({speed.Min():0.00}–{speed.Max():0.00}) | {Median(cpu):0.00}× ({cpu.Min():0.00}–{cpu.Max():0.00}) |");
            }

            Console.WriteLine(summary.ToString());
        }

        Console.WriteLine(string.Create(Invariant, $"Sandbox {sandbox.Where}; {Environment.ProcessorCount} cores; {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC. Target: HttpsTransport ≥ 2× each Node client."));
        if (settings.Smoke)
        {
            Console.WriteLine("Smoke: every client completed and every message arrived; speeds above are not a measurement.");
        }
    }

    private static async Task<int> ArrivedAsync(SesApiClient api) => (int)(await api.GetAccountAsync()).SentLast24Hours;

    private static HttpsTransportOptions Options(SandboxEndpoint sandbox)
    {
        var options = new HttpsTransportOptions
        {
            Region = sandbox.Region,
            ServiceUrl = sandbox.Api,
            CredentialsProvider = new StaticCredentialsProvider(sandbox.Credentials),
        };
        options.Tls.TrustAnchors.Add(sandbox.CertificateAuthority);
        return options;
    }

    /// <summary>A message of about <paramref name="size"/> bytes of MIME: headers and a text body.</summary>
    private static MimeMessage CreateMessage(int size)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Sender", "sender@example.com"));
        message.To.Add(new MailboxAddress("Receiver", "receiver@example.net"));
        message.Subject = "Throughput";
        var body = new StringBuilder(size);
        var remaining = Math.Max(1, size - 400);
        while (remaining > 0)
        {
            var line = Math.Min(76, remaining);
            body.Append('x', line).Append("\r\n");
            remaining -= line + 2;
        }

        message.Body = new TextPart("plain") { Text = body.ToString() };
        return message;
    }

    private static byte[] Wire(MimeMessage message)
    {
        using var stream = new MemoryStream();
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        message.WriteTo(format, stream);
        return stream.ToArray();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ses.Transport.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
