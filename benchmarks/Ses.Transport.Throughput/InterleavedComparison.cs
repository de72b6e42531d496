using System.Globalization;
using System.Text;
using static Ses.Transport.Benchmarking.Statistics;

namespace Ses.Transport.Throughput;

/// <summary>
/// The library's own overhead, measured so that the neighbours' load cannot decide it: raw MailKit with 4 persistent
/// connections (A) and <c>StartTlsSmtpTransport</c> with a pool of 4 (B) run in one process against the same sink, in
/// alternating batches (A B, B A, …), each batch timed on the wall clock and on the process's CPU time. A change in
/// load lasting longer than a batch hits both sides of a pair alike, so the median of the per-pair ratios is the
/// library's cost, where separate runs minutes apart (the rows of the main table) carry the load's drift as well.
/// </summary>
internal sealed class InterleavedComparison(int pairs, int batch)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly double[][] _rates = [new double[pairs], new double[pairs]];
    private readonly double[][] _cpu = [new double[pairs], new double[pairs]];

    /// <summary>Messages sent, warm-up included (what the sink must have counted).</summary>
    public long Sent { get; private set; }

    public int Failed { get; private set; }

    public void Count(int sent, int failed)
    {
        Sent += sent;
        Failed += failed;
    }

    public void Record(int side, int pair, double messagesPerSecond, double cpuMillisecondsPerMessage)
    {
        _rates[side][pair] = messagesPerSecond;
        _cpu[side][pair] = cpuMillisecondsPerMessage;
    }

    public string Render(long arrived, long connections)
    {
        var rate = Enumerable.Range(0, pairs).Select(i => _rates[1][i] / _rates[0][i]).ToArray();
        var cpu = Enumerable.Range(0, pairs).Select(i => _cpu[1][i] / _cpu[0][i]).ToArray();
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"Interleaved at {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} logical CPUs: {pairs} pairs of {batch}-message batches (A B, B A, …) after a warm-up of both; {Sent} messages sent, {arrived} arrived at the sink over {connections} connections.");
        text.AppendLine();
        text.AppendLine("| side | median msg/s | median client CPU ms/msg |");
        text.AppendLine("|---|---:|---:|");
        text.AppendLine(Invariant, $"| A: MailKit, 4 persistent connections, 4 workers | {Median(_rates[0]):N0} | {Median(_cpu[0]):F3} |");
        text.AppendLine(Invariant, $"| B: StartTlsSmtpTransport, pool 4 | {Median(_rates[1]):N0} | {Median(_cpu[1]):F3} |");
        text.AppendLine();
        text.AppendLine("| B ÷ A, per pair | median | quartiles | pairs meeting the target | target |");
        text.AppendLine("|---|---:|---:|---:|---|");
        text.AppendLine(Invariant, $"| msg/s | {Median(rate):F3} | {Quantile(rate, 0.25):F3}–{Quantile(rate, 0.75):F3} | {rate.Count(r => r >= 0.9)}/{pairs} (≥ 0.9) | ≥ 0.9× |");
        text.AppendLine(Invariant, $"| client CPU per message | {Median(cpu):F3} | {Quantile(cpu, 0.25):F3}–{Quantile(cpu, 0.75):F3} | {cpu.Count(r => r <= 1.1)}/{pairs} (≤ 1.1) | overhead ≤ 10 % |");
        return text.ToString();
    }
}
