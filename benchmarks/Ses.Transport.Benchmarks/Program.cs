using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Ses.Transport.Benchmarks;

// "--smoke": one quick pass of each selected benchmark (CI: proves they still run, measures nothing).
// "--reverse-order": each class's benchmarks run baseline last (see ReverseOrderer).
// "--interleaved [--pairs N] [--warmup N] [pattern ...]": baseline and the other benchmark alternately in one process
// (see Interleaved), e.g. --interleaved '*Smime*' '*Pgp*'.
// Otherwise BenchmarkDotNet's own arguments apply, e.g. --filter '*Pgp*' --job short.
if (args.Length > 0 && args[0] == "--interleaved")
{
    var patterns = new List<string>();
    int pairs = 200, warmup = 20;
    for (var i = 1; i < args.Length; i++)
    {
        switch (args[i])
        {
            case "--pairs" when i + 1 < args.Length:
                pairs = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                break;
            case "--warmup" when i + 1 < args.Length:
                warmup = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                break;
            default:
                patterns.Add(args[i]);
                break;
        }
    }

    return await Interleaved.RunAsync(patterns, pairs, warmup);
}

var smoke = args.Contains("--smoke", StringComparer.Ordinal);
var reverse = args.Contains("--reverse-order", StringComparer.Ordinal);
var rest = args.Where(a => a is not "--smoke" and not "--reverse-order").ToArray();
IConfig config = DefaultConfig.Instance;
if (smoke)
{
    config = config.AddJob(Job.Dry.WithId("Smoke"));
}

if (reverse)
{
    config = config.WithOrderer(new ReverseOrderer());
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, config).ToList();

// Exit 1 when nothing ran or any benchmark failed, so a smoke run in CI fails on a broken benchmark.
var failed = summaries.Where(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)).Select(s => s.Title).ToList();
if (summaries.Count == 0 || summaries.All(s => s.Reports.Length == 0) || failed.Count > 0)
{
    Console.Error.WriteLine(failed.Count > 0 ? $"error: benchmarks failed in {string.Join(", ", failed)}" : "error: no benchmark ran");
    return 1;
}

return 0;
