using System.Diagnostics;
using System.Globalization;

namespace Ses.Transport.ConsoleSample;

/// <summary>Progress lines on standard error, so standard output holds only the table.</summary>
internal sealed class SampleProgress(TextWriter writer)
{
    private long _started;

    public void Step(string what)
    {
        _started = Stopwatch.GetTimestamp();
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"• {what} … "));
    }

    public void Done(string? detail = null)
    {
        var elapsed = Stopwatch.GetElapsedTime(_started);
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{detail ?? "done"} ({elapsed.TotalMilliseconds:0} ms)"));
    }

    public void Note(string what) => writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what}"));
}
