using System.Globalization;

namespace Ses.Transport.Throughput;

/// <summary>The harness's command line (see <see cref="Usage"/>).</summary>
internal sealed class HarnessOptions
{
    public const string Usage = """
        Ses.Transport.Throughput: messages/s, latency, client CPU and memory per transport, side by side.
          --smtp-port N        the sink's STARTTLS port (required)
          --tls-port N         the sink's implicit-TLS port (required)
          --control-port N     the sink's stats port (required)
          --ca PATH            PEM CA certificate that issued the sink's certificate (required)
          BENCH_USER, BENCH_PASS (environment): the AUTH PLAIN credentials the sink accepts (required)
          --peers DIR          benchmarks/peers (for the Nodemailer client); default: next to the repository's benchmarks
          --messages N         messages per scenario (default 2000)
          --concurrency C      workers in flight (default 4; the single-connection scenario always uses 1)
          --size BYTES         message size (default 2048)
          --large-mb N         attachment size in MB (10^6 bytes) for the large-message runs (default 30: 41 MB on the
                               wire in base64, within SES's 40 MiB limit; 0 skips them)
          --warmup N           untimed messages each throughput scenario sends first (default 500) ...
          --warmup-seconds S   ... and for at least S seconds (default 15): the same rule for every client, so each is
                               measured at its steady state (.NET compiles hot code again in the background for
                               seconds after start, more slowly while the two cores are busy; Node's V8 likewise)
          --rounds N           run the throughput scenarios N times, in a rotated order each round, and report
                               each one's median round (default 1; the cores are shared, so use 3 or more)
          --scenarios a,b      run only these scenarios (names as in the table)
          --interleaved        instead of the table: raw MailKit (4 persistent connections) and StartTlsSmtpTransport
                               (pool 4) in this one process, in alternating batches after a warm-up of both; prints
                               the median of the per-pair ratios (msg/s and client CPU per message)
          --pairs N            interleaved: batch pairs (default 20)
          --batch N            interleaved: messages per batch (default 1000)
          --out PATH           also write the Markdown to PATH
          --smoke              a few hundred messages and a 1 MB large message; asserts every message arrived, no speed
        """;

    public int SmtpPort { get; private set; }

    public int TlsPort { get; private set; }

    public int ControlPort { get; private set; }

    public string CaPath { get; private set; } = string.Empty;

    public string User { get; } = Environment.GetEnvironmentVariable("BENCH_USER") ?? string.Empty;

    public string Password { get; } = Environment.GetEnvironmentVariable("BENCH_PASS") ?? string.Empty;

    public string? PeersDirectory { get; private set; }

    public int Messages { get; private set; } = 2000;

    public int Concurrency { get; private set; } = 4;

    public int Size { get; private set; } = 2048;

    public int LargeMegabytes { get; private set; } = 30;

    public int Rounds { get; private set; } = 1;

    public IReadOnlySet<string>? Scenarios { get; private set; }

    public string? OutputPath { get; private set; }

    public bool Smoke { get; private set; }

    public bool Interleaved { get; private set; }

    public int Pairs { get; private set; } = 20;

    public int Batch { get; private set; } = 1000;

    /// <summary>Set in a worker process: the one scenario it runs.</summary>
    public string? Worker { get; private set; }

    public int Warmup { get; private set; } = 500;

    public int WarmupSeconds { get; private set; } = 15;

    public static HarnessOptions Parse(IReadOnlyList<string> args)
    {
        var options = new HarnessOptions();
        if (args.Contains("--smoke"))
        {
            // Smoke defaults first, so that any setting given on the command line still wins.
            options.Messages = 300;
            options.Warmup = 20;
            options.WarmupSeconds = 0;
            options.Pairs = 2;
            options.Batch = 50;
            options.LargeMegabytes = 1;
        }

        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int NextInt() => int.Parse(Next(), NumberStyles.None, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--smtp-port": options.SmtpPort = NextInt(); break;
                case "--tls-port": options.TlsPort = NextInt(); break;
                case "--control-port": options.ControlPort = NextInt(); break;
                case "--ca": options.CaPath = Next(); break;
                case "--peers": options.PeersDirectory = Path.GetFullPath(Next()); break;
                case "--messages": options.Messages = NextInt(); break;
                case "--concurrency": options.Concurrency = NextInt(); break;
                case "--size": options.Size = NextInt(); break;
                case "--large-mb": options.LargeMegabytes = NextInt(); break;
                case "--rounds": options.Rounds = NextInt(); break;
                case "--warmup": options.Warmup = NextInt(); break;
                case "--warmup-seconds": options.WarmupSeconds = NextInt(); break;
                case "--scenarios": options.Scenarios = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase); break;
                case "--out": options.OutputPath = Next(); break;
                case "--worker": options.Worker = Next(); break;
                case "--smoke": options.Smoke = true; break;
                case "--interleaved": options.Interleaved = true; break;
                case "--pairs": options.Pairs = NextInt(); break;
                case "--batch": options.Batch = NextInt(); break;
                default: throw new ArgumentException($"Unknown argument {args[i]}.");
            }
        }

        if (options.SmtpPort == 0 || options.TlsPort == 0 || options.ControlPort == 0 || options.CaPath.Length == 0 || options.User.Length == 0 || options.Password.Length == 0)
        {
            throw new ArgumentException("--smtp-port, --tls-port, --control-port, --ca and the BENCH_USER and BENCH_PASS variables are required.");
        }

        if (options.Messages < 1 || options.Concurrency < 1 || options.Size < 256 || options.Rounds < 1 || options.Warmup < 0 || options.WarmupSeconds < 0 || options.Pairs < 1 || options.Batch < 1)
        {
            throw new ArgumentException("--messages, --concurrency, --rounds, --pairs and --batch must be at least 1, --warmup and --warmup-seconds at least 0, --size at least 256.");
        }

        return options;
    }

    /// <summary>The arguments that make a worker process run <paramref name="scenario"/> with these settings.</summary>
    public IEnumerable<string> WorkerArguments(string scenario)
    {
        string S(int value) => value.ToString(CultureInfo.InvariantCulture);
        return
        [
            "--smtp-port", S(SmtpPort), "--tls-port", S(TlsPort), "--control-port", S(ControlPort), "--ca", CaPath,
            "--messages", S(Messages), "--warmup", S(Warmup), "--warmup-seconds", S(WarmupSeconds), "--concurrency", S(Concurrency),
            "--size", S(Size), "--large-mb", S(LargeMegabytes), "--worker", scenario,
        ];
    }
}
