using System.Globalization;
using System.Text;

namespace Ses.Transport.ConsoleSample;

/// <summary>Writes the rows as one aligned text table.</summary>
internal static class ResultTable
{
    private static readonly string[] Headings = ["transport", "TLS", "protection", "configuration set", "hop 2 (SES → receiver)", "message id", "time"];

    public static void Write(TextWriter writer, IReadOnlyList<ResultRow> rows)
    {
        var cells = new List<string[]> { Headings };
        foreach (var row in rows)
        {
            cells.Add([
                row.Transport,
                row.Tls,
                row.Protection,
                row.ConfigurationSet,
                row.Hop2,
                row.MessageId,
                string.Create(CultureInfo.InvariantCulture, $"{row.Elapsed.TotalMilliseconds:0} ms"),
            ]);
        }

        var widths = new int[Headings.Length];
        foreach (var line in cells)
        {
            for (var i = 0; i < line.Length; i++)
            {
                widths[i] = Math.Max(widths[i], line[i].Length);
            }
        }

        var builder = new StringBuilder();
        for (var r = 0; r < cells.Count; r++)
        {
            AppendLine(builder, cells[r], widths);
            if (r == 0)
            {
                AppendLine(builder, widths.Select(w => new string('-', w)).ToArray(), widths);
            }
        }

        writer.Write(builder.ToString());
    }

    private static void AppendLine(StringBuilder builder, string[] line, int[] widths)
    {
        for (var i = 0; i < line.Length; i++)
        {
            builder.Append(i == line.Length - 1 ? line[i] : line[i].PadRight(widths[i]) + "  ");
        }

        builder.Append('\n');
    }
}
