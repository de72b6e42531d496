using MimeKit;

namespace Ses.Transport.Internal;

/// <summary>How messages are serialised for SES: CRLF line endings, no SMTPUTF8 (international off).</summary>
internal static class TransportFormat
{
    /// <summary>The shared, frozen format options.</summary>
    public static readonly FormatOptions Options = CreateOptions();

    private static FormatOptions CreateOptions()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        options.International = false;
        return options;
    }
}
