using System.Text.RegularExpressions;
using MimeKit;

namespace Ses.Transport.Smtp.Internal;

/// <summary>
/// The message id in the server's final reply to DATA. SES answers <c>250 Ok &lt;id&gt;</c> (SES Developer Guide,
/// "Amazon SES SMTP response codes"); MailKit hands over the text after the code, <c>Ok 0100018c...-000000</c>.
/// </summary>
internal static partial class SmtpMessageIds
{
    /// <summary>
    /// The id from <paramref name="replyText"/>: SES's <c>Ok &lt;id&gt;</c>; else a queue id as in Postfix's
    /// <c>2.0.0 Ok: queued as &lt;id&gt;</c>; else, when the reply names no id, the message's own <c>Message-Id</c>;
    /// else the whole reply text.
    /// </summary>
    public static string FromReply(string? replyText, MimeMessage message)
    {
        var text = replyText?.Trim() ?? string.Empty;
        if (SesReply().Match(text) is { Success: true } ses)
        {
            return ses.Groups["id"].Value;
        }

        if (QueuedAs().Match(text) is { Success: true } queued)
        {
            return queued.Groups["id"].Value;
        }

        if (!string.IsNullOrEmpty(message.MessageId))
        {
            return message.MessageId;
        }

        return text.Length > 0 ? text : "(no id)";
    }

    // "Ok 0100018c2f3b4a5e-1a2b3c4d-...-000000", optionally after an enhanced status code, optionally in <>.
    [GeneratedRegex(@"^(?:[245]\.\d{1,3}\.\d{1,3}\s+)?Ok\s+<?(?<id>[A-Za-z0-9][A-Za-z0-9._@-]*)>?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SesReply();

    [GeneratedRegex(@"queued as\s+<?(?<id>[A-Za-z0-9._@-]+)>?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QueuedAs();
}
