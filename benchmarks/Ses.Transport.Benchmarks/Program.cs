using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// "--smoke": one quick pass of each selected benchmark (CI: proves they still run, measures nothing).
// Otherwise BenchmarkDotNet's own arguments apply, e.g. --filter '*Pgp*' --job short.
var smoke = args.Contains("--smoke", StringComparer.Ordinal);
var rest = args.Where(a => a != "--smoke").ToArray();
IConfig? config = smoke ? DefaultConfig.Instance.AddJob(Job.Dry.WithId("Smoke")) : null;
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, config);
