using System.Diagnostics;
using System.Globalization;

namespace Ses.Transport.Throughput;

/// <summary>
/// The peak resident set over a stretch of code. On Linux the kernel's high-water mark (VmHWM in /proc/self/status)
/// is reset by writing 5 to /proc/self/clear_refs, so the mark read at the end is exact; where that is not allowed,
/// the resident set is sampled every millisecond instead.
/// </summary>
internal sealed class PeakMemory : IDisposable
{
    private readonly CancellationTokenSource? _stop;
    private readonly Task<long>? _sampler;

    private PeakMemory(CancellationTokenSource? stop, Task<long>? sampler)
    {
        _stop = stop;
        _sampler = sampler;
    }

    public string Method => _sampler is null ? "VmHWM reset" : "sampled every 1 ms";

    public static PeakMemory Start()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            if (ReadHighWaterMark() is not null)
            {
                return new PeakMemory(null, null);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        var stop = new CancellationTokenSource();
        var sampler = Task.Factory.StartNew(
            () =>
            {
                using var process = Process.GetCurrentProcess();
                long max = 0;
                while (!stop.IsCancellationRequested)
                {
                    process.Refresh();
                    max = Math.Max(max, process.WorkingSet64);
                    Thread.Sleep(1);
                }

                return max;
            },
            TaskCreationOptions.LongRunning);
        return new PeakMemory(stop, sampler);
    }

    public long Stop()
    {
        if (_sampler is null)
        {
            return ReadHighWaterMark() ?? 0;
        }

        _stop!.Cancel();
        return _sampler.GetAwaiter().GetResult();
    }

    public void Dispose() => _stop?.Dispose();

    private static long? ReadHighWaterMark()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return null;
    }
}
