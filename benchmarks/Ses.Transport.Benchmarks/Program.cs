using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Ses.Transport.Benchmarks;

// "--smoke": one quick pass of each selected benchmark (CI: proves they still run, measures nothing).
// "--reverse-order": each class's benchmarks run baseline last (see ReverseOrderer).
// Otherwise BenchmarkDotNet's own arguments apply, e.g. --filter '*Pgp*' --job short.
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

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, config);
