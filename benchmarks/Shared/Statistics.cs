namespace Ses.Transport.Benchmarking;

/// <summary>The statistics the benchmark programs report; one file, compiled into each of them.</summary>
internal static class Statistics
{
    /// <summary>Nearest-rank percentile of <paramref name="sorted"/> (ascending), as latency p50/p99 are given; 0 when empty.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>The <paramref name="q"/> quantile of <paramref name="values"/> (any order), interpolated between neighbours.</summary>
    public static double Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = (int)Math.Ceiling(position);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }

    /// <summary>The median of <paramref name="values"/>: the middle one, or the mean of the two middle ones.</summary>
    public static double Median(IEnumerable<double> values) => Quantile(values, 0.5);
}
