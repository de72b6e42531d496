using System.Globalization;

namespace Ses.Transport.HttpsThroughput;

/// <summary>The command line.</summary>
internal sealed class HarnessSettings
{
    public int Count { get; private set; } = 2000;

    public int Concurrency { get; private set; } = 4;

    public int Size { get; private set; } = 2048;

    /// <summary>Messages each client sends, untimed, right before each of its timed runs (the same for every client).</summary>
    public int Warmup { get; private set; } = 5000;

    /// <summary>Messages sent through HttpsTransport once, before any client, so the sandbox runs at its steady state.</summary>
    public int SandboxWarmup { get; private set; } = 10000;

    /// <summary>Rounds; the clients' order is rotated from one round to the next.</summary>
    public int Rounds { get; private set; } = 3;

    public bool Smoke { get; private set; }

    public bool InProcess { get; private set; }

    public bool Node { get; private set; } = true;

    public string? SandboxPath { get; private set; }

    public string? PeersDirectory { get; private set; }

    public static HarnessSettings? Parse(string[] args)
    {
        var settings = new HarnessSettings();
        if (args.Contains("--smoke"))
        {
            // Smoke defaults first, so that any setting given on the command line still wins.
            settings.Count = 300;
            settings.Warmup = 10;
            settings.SandboxWarmup = 50;
            settings.Rounds = 1;
        }

        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new HarnessException($"{args[i]} needs a value.");
            int Number() => int.Parse(Next(), NumberStyles.None, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--count":
                    settings.Count = Number();
                    break;
                case "--concurrency":
                    settings.Concurrency = Number();
                    break;
                case "--size":
                    settings.Size = Number();
                    break;
                case "--warmup":
                    settings.Warmup = Number();
                    break;
                case "--sandbox-warmup":
                    settings.SandboxWarmup = Number();
                    break;
                case "--rounds":
                    settings.Rounds = Number();
                    break;
                case "--smoke":
                    settings.Smoke = true;
                    break;
                case "--in-process":
                    settings.InProcess = true;
                    break;
                case "--no-node":
                    settings.Node = false;
                    break;
                case "--sandbox":
                    settings.SandboxPath = Next();
                    break;
                case "--peers":
                    settings.PeersDirectory = Next();
                    break;
                case "-h" or "--help":
                    Console.WriteLine("Usage: Ses.Transport.HttpsThroughput [--count 2000] [--concurrency 4] [--size 2048] [--warmup 5000] [--sandbox-warmup 10000] [--rounds 3] [--smoke] [--in-process] [--no-node] [--sandbox Ses.Transport.Sandbox.dll] [--peers benchmarks/peers]");
                    return null;
                default:
                    Console.Error.WriteLine($"error: unknown argument '{args[i]}' (try --help)");
                    return null;
            }
        }

        if (settings.Count < 1 || settings.Concurrency < 1 || settings.Size < 512 || settings.Rounds < 1)
        {
            throw new HarnessException("--count, --concurrency and --rounds must be at least 1, --size at least 512.");
        }

        return settings;
    }
}
