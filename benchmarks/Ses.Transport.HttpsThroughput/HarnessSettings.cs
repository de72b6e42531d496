using System.Globalization;

namespace Ses.Transport.HttpsThroughput;

/// <summary>The command line.</summary>
internal sealed class HarnessSettings
{
    public int Count { get; private set; } = 2000;

    public int Concurrency { get; private set; } = 4;

    public int Size { get; private set; } = 2048;

    public int Warmup { get; private set; } = 50;

    public bool Smoke { get; private set; }

    public bool InProcess { get; private set; }

    public bool Node { get; private set; } = true;

    public string? SandboxPath { get; private set; }

    public string? PeersDirectory { get; private set; }

    public static HarnessSettings? Parse(string[] args)
    {
        var settings = new HarnessSettings();
        var countSet = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new HarnessException($"{args[i]} needs a value.");
            int Number() => int.Parse(Next(), NumberStyles.None, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--count":
                    settings.Count = Number();
                    countSet = true;
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
                    Console.WriteLine("Usage: Ses.Transport.HttpsThroughput [--count 2000] [--concurrency 4] [--size 2048] [--warmup 50] [--smoke] [--in-process] [--no-node] [--sandbox Ses.Transport.Sandbox.dll] [--peers benchmarks/peers-https]");
                    return null;
                default:
                    Console.Error.WriteLine($"error: unknown argument '{args[i]}' (try --help)");
                    return null;
            }
        }

        if (settings.Smoke && !countSet)
        {
            settings.Count = 300;
            settings.Warmup = 10;
        }

        if (settings.Count < 1 || settings.Concurrency < 1 || settings.Size < 512)
        {
            throw new HarnessException("--count and --concurrency must be at least 1, --size at least 512.");
        }

        return settings;
    }
}
