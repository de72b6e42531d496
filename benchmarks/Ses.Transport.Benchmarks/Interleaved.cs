using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using static Ses.Transport.Benchmarking.Statistics;

namespace Ses.Transport.Benchmarks;

/// <summary>
/// A check beside BenchmarkDotNet for shared, noisy machines: the baseline and the other benchmark of a class run
/// alternately in one process (A B, B A, A B, …), so a change in the neighbours' load hits both sides alike, and the
/// ratio is taken per pair and then its median. BenchmarkDotNet measures each method in its own process one after the
/// other, where a load that changes between the two moves the ratio by more than the effect being measured.
/// </summary>
internal static class Interleaved
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Runs every class whose name matches one of <paramref name="patterns"/> ('*' wildcards); prints a Markdown table.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> patterns, int pairs, int warmup)
    {
        var classes = typeof(Interleaved).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
            .Where(t => patterns.Count == 0 || patterns.Any(p => Matches(t.Name, p)))
            .Where(t => t.GetProperties().All(p => p.GetCustomAttribute<ParamsAttribute>() is null))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        if (classes.Count == 0)
        {
            Console.Error.WriteLine("error: no benchmark class without [Params] matches the filter.");
            return 2;
        }

        Console.WriteLine(string.Create(Invariant, $"Interleaved: {pairs} pairs per class after {warmup} warm-up calls of each, one process, {Environment.ProcessorCount} cores, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC."));
        Console.WriteLine();
        Console.WriteLine("| class | baseline | other | baseline median | other median | ratio of medians | median of pair ratios | pairs where other ≤ 1.05× baseline |");
        Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|");
        foreach (var type in classes)
        {
            var methods = type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null).ToList();
            var baseline = methods.Single(m => m.GetCustomAttribute<BenchmarkAttribute>()!.Baseline);
            var instance = Activator.CreateInstance(type)!;
            Invoke(type, instance, typeof(GlobalSetupAttribute));
            foreach (var other in methods.Where(m => m != baseline))
            {
                for (var i = 0; i < warmup; i++)
                {
                    await CallAsync(baseline, instance);
                    await CallAsync(other, instance);
                }

                var a = new double[pairs];
                var b = new double[pairs];
                for (var i = 0; i < pairs; i++)
                {
                    if (i % 2 == 0)
                    {
                        a[i] = await TimeAsync(baseline, instance);
                        b[i] = await TimeAsync(other, instance);
                    }
                    else
                    {
                        b[i] = await TimeAsync(other, instance);
                        a[i] = await TimeAsync(baseline, instance);
                    }
                }

                var ratios = a.Zip(b, (x, y) => y / x).ToArray();
                Console.WriteLine(string.Create(Invariant, $"| {type.Name} | {baseline.Name} | {other.Name} | {Format(Median(a))} | {Format(Median(b))} | {Median(b) / Median(a):0.000} | {Median(ratios):0.000} | {ratios.Count(r => r <= 1.05)}/{pairs} |"));
            }

            Invoke(type, instance, typeof(GlobalCleanupAttribute));
        }

        return 0;
    }

    private static async Task<double> TimeAsync(MethodInfo method, object instance)
    {
        var started = Stopwatch.GetTimestamp();
        await CallAsync(method, instance);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task CallAsync(MethodInfo method, object instance)
    {
        if (method.Invoke(instance, null) is Task task)
        {
            await task;
        }
    }

    private static void Invoke(Type type, object instance, Type attribute)
    {
        foreach (var method in type.GetMethods().Where(m => m.GetCustomAttribute(attribute) is not null))
        {
            method.Invoke(instance, null);
        }
    }

    private static bool Matches(string name, string pattern)
    {
        var parts = pattern.Split('*');
        var position = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var index = name.IndexOf(parts[i], position, StringComparison.Ordinal);
            if (index < 0 || (i == 0 && !pattern.StartsWith('*') && index != 0))
            {
                return false;
            }

            position = index + parts[i].Length;
        }

        return pattern.EndsWith('*') || position == name.Length;
    }

    private static string Format(double milliseconds) =>
        milliseconds >= 1 ? milliseconds.ToString("0.000 ms", Invariant) : (milliseconds * 1000).ToString("0.0 μs", Invariant);
}
