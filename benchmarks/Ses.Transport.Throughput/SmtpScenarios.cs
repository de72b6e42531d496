using System.Diagnostics;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Ses.Transport.Credentials;
using Ses.Transport.Smtp;

namespace Ses.Transport.Throughput;

/// <summary>The .NET side of the SMTP rows: raw MailKit in three shapes and the library's two SMTP transports.</summary>
internal sealed class SmtpScenarios(HarnessOptions options)
{
    private const string Host = "127.0.0.1";
    private readonly X509Certificate2 _ca = X509CertificateLoader.LoadCertificateFromFile(options.CaPath);

    public Task<WorkerResult> RunAsync(string scenario) => scenario switch
    {
        Scenario.MailKitConnectPerMessage => ThroughputAsync(options.Concurrency, _ => ConnectPerMessage()),
        Scenario.MailKitOnePersistent => PersistentMailKitAsync(1),
        Scenario.MailKitFourPersistent => PersistentMailKitAsync(4),
        Scenario.StartTlsPool4 => LibraryAsync(StartTls()),
        Scenario.StartTlsPool4Recycle100 => LibraryAsync(StartTls(maxMessagesPerConnection: 100)),
        Scenario.TlsWrapperPool4 => LibraryAsync(TlsWrapper()),
        Scenario.LargeMailKit => LargeMailKitAsync(),
        Scenario.LargeStartTls => LargeLibraryAsync(StartTls()),
        Scenario.LargeTlsWrapper => LargeLibraryAsync(TlsWrapper()),
        _ => throw new ArgumentException($"No .NET SMTP scenario named {scenario}."),
    };

    private async Task<WorkerResult> PersistentMailKitAsync(int connections)
    {
        var clients = new SmtpClient[connections];
        try
        {
            for (var i = 0; i < connections; i++)
            {
                clients[i] = await ConnectAsync(SecureSocketOptions.StartTls, options.SmtpPort);
            }

            return await ThroughputAsync(connections, worker => (message, ct) => clients[worker].SendAsync(message, ct));
        }
        finally
        {
            foreach (var client in clients.Where(c => c is not null))
            {
                await client.DisconnectAsync(quit: true);
                client.Dispose();
            }
        }
    }

    private async Task<WorkerResult> LibraryAsync(ISesTransport transport)
    {
        await using (transport)
        {
            return await ThroughputAsync(options.Concurrency, _ => (message, ct) => transport.SendAsync(message, ct));
        }
    }

    private Func<MimeMessage, CancellationToken, Task> ConnectPerMessage() => async (message, ct) =>
    {
        using var client = await ConnectAsync(SecureSocketOptions.StartTls, options.SmtpPort, ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    };

    /// <summary>
    /// Sends the warm-up messages, then <see cref="HarnessOptions.Messages"/> timed ones, from
    /// <paramref name="workers"/> workers (see <see cref="SendManyAsync"/>).
    /// </summary>
    private async Task<WorkerResult> ThroughputAsync(int workers, Func<int, Func<MimeMessage, CancellationToken, Task>> sender)
    {
        var messages = Enumerable.Range(0, workers).Select(_ => BenchMessages.Small(options.Size)).ToArray();
        var sends = Enumerable.Range(0, workers).Select(sender).ToArray();
        var warmup = await SendManyAsync(sends, messages, options.Warmup, null, TimeSpan.FromSeconds(options.WarmupSeconds));

        var latencies = new double[options.Messages];
        var process = Process.GetCurrentProcess();
        var jitBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var timed = await SendManyAsync(sends, messages, options.Messages, latencies, TimeSpan.Zero);
        var elapsed = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore;
        return new WorkerResult
        {
            Messages = options.Messages - timed.Failed,
            Failed = timed.Failed + warmup.Failed,
            WarmupMessages = warmup.Sent,
            Seconds = elapsed.TotalSeconds,
            LatenciesMs = [.. latencies],
            CpuMs = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds,
            PeakWorkingSetBytes = process.PeakWorkingSet64,
            JitCompiledMethods = compiled,
        };
    }

    /// <summary>
    /// Raw MailKit with 4 persistent connections (A) and <see cref="StartTlsSmtpTransport"/> with a pool of 4 (B) in this
    /// one process, in alternating batches (A B, B A, …) after a warm-up of both; see <see cref="InterleavedComparison"/>.
    /// </summary>
    public async Task<InterleavedComparison> InterleavedAsync(int pairs, int batch)
    {
        const int Workers = 4;
        var clients = new SmtpClient[Workers];
        try
        {
            for (var i = 0; i < Workers; i++)
            {
                clients[i] = await ConnectAsync(SecureSocketOptions.StartTls, options.SmtpPort);
            }

            await using var transport = StartTls();
            var sides = new[]
            {
                (Sends: clients.Select(c => (Func<MimeMessage, CancellationToken, Task>)((m, ct) => c.SendAsync(m, ct))).ToArray(),
                    Messages: Enumerable.Range(0, Workers).Select(_ => BenchMessages.Small(options.Size)).ToArray()),
                (Sends: Enumerable.Range(0, Workers).Select(_ => (Func<MimeMessage, CancellationToken, Task>)((m, ct) => transport.SendAsync(m, ct))).ToArray(),
                    Messages: Enumerable.Range(0, Workers).Select(_ => BenchMessages.Small(options.Size)).ToArray()),
            };

            var comparison = new InterleavedComparison(pairs, batch);
            var warmupClock = Stopwatch.StartNew();
            do
            {
                foreach (var side in sides)
                {
                    var warm = await SendManyAsync(side.Sends, side.Messages, batch, null, TimeSpan.Zero);
                    comparison.Count(warm.Sent, warm.Failed);
                }
            }
            while (warmupClock.Elapsed < TimeSpan.FromSeconds(options.WarmupSeconds) || comparison.Sent < 2L * options.Warmup);

            var process = Process.GetCurrentProcess();
            for (var pair = 0; pair < pairs; pair++)
            {
                foreach (var index in pair % 2 == 0 ? new[] { 0, 1 } : [1, 0])
                {
                    process.Refresh();
                    var cpuBefore = process.TotalProcessorTime;
                    var started = Stopwatch.GetTimestamp();
                    var sent = await SendManyAsync(sides[index].Sends, sides[index].Messages, batch, null, TimeSpan.Zero);
                    var elapsed = Stopwatch.GetElapsedTime(started);
                    process.Refresh();
                    comparison.Count(sent.Sent, sent.Failed);
                    comparison.Record(index, pair, batch / elapsed.TotalSeconds, (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / batch);
                }
            }

            return comparison;
        }
        finally
        {
            foreach (var client in clients.Where(c => c is not null))
            {
                await client.DisconnectAsync(quit: true);
                client.Dispose();
            }
        }
    }

    /// <summary>
    /// Sends at least <paramref name="total"/> messages from one worker per entry of <paramref name="sends"/> (each
    /// reusing its own message: MailKit prepares a message while sending it, so one instance is never sent by two
    /// threads at once), and goes on until <paramref name="minimum"/> has passed when no latencies are recorded.
    /// </summary>
    private static async Task<(int Sent, int Failed)> SendManyAsync(
        Func<MimeMessage, CancellationToken, Task>[] sends, MimeMessage[] messages, int total, double[]? latency, TimeSpan minimum)
    {
        var workers = sends.Length;
        var next = -1;
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < total || (latency is null && clock.Elapsed < minimum))
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await sends[worker](messages[worker], CancellationToken.None);
                }
                catch (Exception ex)
                {
                    if (Interlocked.Increment(ref failures) == 1)
                    {
                        Console.Error.WriteLine($"send failed: {ex.GetType().Name}: {ex.Message}");
                    }
                }

                if (latency is not null)
                {
                    latency[index] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }
            }
        })));

        // `next` overshoots by one per worker: each stops on the increment that found no more work.
        return (next + 1 - workers, failures);
    }

    private async Task<WorkerResult> LargeMailKitAsync()
    {
        using var client = await ConnectAsync(SecureSocketOptions.StartTls, options.SmtpPort);
        var result = await LargeAsync((message, ct) => client.SendAsync(message, ct));
        await client.DisconnectAsync(quit: true);
        return result;
    }

    private async Task<WorkerResult> LargeLibraryAsync(ISesTransport transport)
    {
        await using (transport)
        {
            return await LargeAsync((message, ct) => transport.SendAsync(message, ct));
        }
    }

    /// <summary>
    /// One warm-up send (connection made, code jitted), then the large message, measuring the resident set it adds:
    /// the kernel's high-water mark (VmHWM) is reset just before the send, so the peak read after it is the send's.
    /// </summary>
    private async Task<WorkerResult> LargeAsync(Func<MimeMessage, CancellationToken, Task> send)
    {
        await send(BenchMessages.Small(options.Size), CancellationToken.None);
        var message = BenchMessages.Large(options.LargeMegabytes * 1_000_000);
        var wireBytes = BenchMessages.Measure(message);
        await send(BenchMessages.Small(options.Size), CancellationToken.None);

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var process = Process.GetCurrentProcess();
        var baseline = process.WorkingSet64;
        using var peak = PeakMemory.Start();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var failed = 0;
        try
        {
            await send(message, CancellationToken.None);
        }
        catch (Exception ex)
        {
            failed = 1;
            Console.Error.WriteLine($"send failed: {ex.GetType().Name}: {ex.Message}");
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var peakDuringSend = peak.Stop();
        process.Refresh();
        GC.KeepAlive(message);
        return new WorkerResult
        {
            Messages = 1 - failed,
            Failed = failed,
            Seconds = elapsed.TotalSeconds,
            LatenciesMs = [elapsed.TotalMilliseconds],
            CpuMs = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds,
            PeakWorkingSetBytes = process.PeakWorkingSet64,
            MessageBytes = wireBytes,
            BaselineWorkingSetBytes = baseline,
            PeakDuringSendBytes = peakDuringSend,
            AllocatedBytes = allocated,
            PeakMethod = peak.Method,
        };
    }

    private async Task<SmtpClient> ConnectAsync(SecureSocketOptions security, int port, CancellationToken cancellationToken = default)
    {
        var client = new SmtpClient
        {
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CheckCertificateRevocation = false,
            ServerCertificateValidationCallback = ValidateServerCertificate,
        };
        try
        {
            await client.ConnectAsync(Host, port, security, cancellationToken);
            await client.AuthenticateAsync(options.User, options.Password, cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    // The same check the library makes: the chain must end at the sink's CA, and the name must match.
    private bool ValidateServerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(_ca);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    // The library's defaults except pool size, host, credentials and trust; a given maxMessagesPerConnection overrides one more.
    private StartTlsSmtpTransport StartTls(int? maxMessagesPerConnection = null)
    {
        var settings = new StartTlsSmtpTransportOptions();
        if (maxMessagesPerConnection is { } max)
        {
            settings.MaxMessagesPerConnection = max;
        }

        return new(Configure(settings, options.SmtpPort));
    }

    private TlsWrapperSmtpTransport TlsWrapper() => new(Configure(new TlsWrapperSmtpTransportOptions(), options.TlsPort));

    private T Configure<T>(T settings, int port)
        where T : SmtpTransportOptions
    {
        settings.Host = Host;
        settings.Port = port;
        settings.PoolSize = 4;
        settings.Credentials = new SesSmtpCredentials(options.User, options.Password);
        settings.Tls.TrustAnchors.Add(_ca);
        return settings;
    }
}
