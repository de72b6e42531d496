using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Ses.Transport.Testing.Internal;

/// <summary>
/// The read-only page of captured messages (<c>/_sandbox</c>) and its JSON (<c>/_sandbox/messages</c>). Every value
/// is HTML-encoded: subjects and addresses come from whoever sent the mail.
/// </summary>
internal static class SandboxWebPage
{
    public static List<MessageView> Views(IReadOnlyList<SandboxMessage> messages) =>
        [.. messages.Select(m => new MessageView
        {
            Id = m.Id,
            Transport = m.Transport.ToString(),
            TlsProtocol = m.TlsProtocol.ToString(),
            TlsCipherSuite = m.TlsCipherSuite?.ToString(),
            ConfigurationSet = m.ConfigurationSet,
            Outcome = m.Outcome.ToString(),
            OutcomeReason = m.OutcomeReason,
            Signed = m.Protection.IsSigned,
            Encrypted = m.Protection.IsEncrypted,
            Protection = m.Protection.Scheme?.ToString(),
            Subject = m.Subject,
            From = m.From,
            Recipients = m.Recipients,
            ReceivedAt = m.ReceivedAt,
        })];

    public static string Html(IReadOnlyList<SandboxMessage> messages, string region)
    {
        var enc = HtmlEncoder.Default;
        var html = new StringBuilder(4096);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"5\"><title>Ses.Transport sandbox</title>")
            .Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}")
            .Append(".Dropped{background:#fdd}.DeliveredWithoutTls{background:#ffd}.Delivered{background:#dfd}</style></head><body>\n")
            .Append("<h1>Ses.Transport sandbox</h1>\n<p>Region ").Append(enc.Encode(region)).Append(", ")
            .Append(messages.Count.ToString(CultureInfo.InvariantCulture)).Append(" message(s). JSON: <a href=\"/_sandbox/messages\">/_sandbox/messages</a></p>\n")
            .Append("<table id=\"messages\"><thead><tr><th>Received</th><th>Transport</th><th>TLS</th><th>Configuration set</th><th>Hop 2</th><th>Signed</th><th>Encrypted</th><th>Subject</th><th>Message id</th></tr></thead><tbody>\n");
        foreach (var m in messages)
        {
            html.Append("<tr class=\"").Append(enc.Encode(m.Outcome.ToString())).Append("\">")
                .Append("<td>").Append(enc.Encode(m.ReceivedAt.ToString("u", CultureInfo.InvariantCulture))).Append("</td>")
                .Append("<td>").Append(enc.Encode(m.Transport.ToString())).Append("</td>")
                .Append("<td>").Append(enc.Encode(m.TlsProtocol + (m.TlsCipherSuite is { } c ? " " + c : string.Empty))).Append("</td>")
                .Append("<td>").Append(enc.Encode(m.ConfigurationSet ?? "(none)")).Append("</td>")
                .Append("<td title=\"").Append(enc.Encode(m.OutcomeReason)).Append("\">").Append(enc.Encode(m.Outcome.ToString())).Append("</td>")
                .Append("<td>").Append(m.Protection.SignatureScheme is { } signed ? "yes " + enc.Encode(signed.ToString()) : "no").Append("</td>")
                .Append("<td>").Append(m.Protection.EncryptionScheme is { } encrypted ? "yes " + enc.Encode(encrypted.ToString()) : "no").Append("</td>")
                .Append("<td class=\"subject\">").Append(enc.Encode(m.Subject ?? string.Empty)).Append("</td>")
                .Append("<td><code>").Append(enc.Encode(m.Id)).Append("</code></td>")
                .Append("</tr>\n");
        }

        html.Append("</tbody></table>\n</body></html>\n");
        return html.ToString();
    }
}
