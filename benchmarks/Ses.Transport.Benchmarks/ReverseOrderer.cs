using System.Collections.Immutable;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Running;

namespace Ses.Transport.Benchmarks;

/// <summary>
/// Runs each class's benchmarks in the reverse of the usual order (baseline last). On shared, noisy machines a load
/// that grows during a run penalises whatever runs second; running once in each order shows whether a ratio is real.
/// </summary>
internal sealed class ReverseOrderer : DefaultOrderer
{
    public override IEnumerable<BenchmarkCase> GetExecutionOrder(ImmutableArray<BenchmarkCase> benchmarksCase, IEnumerable<BenchmarkLogicalGroupRule>? order = null) =>
        base.GetExecutionOrder(benchmarksCase, order).Reverse();
}
