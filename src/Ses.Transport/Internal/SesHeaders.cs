using System.Buffers;
using MimeKit;

namespace Ses.Transport.Internal;

/// <summary>
/// The SES-specific message headers (SES Developer Guide, "Amazon SES header fields") and their character rules.
/// The same header means the same thing on every transport: SMTP sends it as is, the HTTPS transport
/// turns it into the API's typed fields.
/// </summary>
internal static class SesHeaders
{
    /// <summary>The configuration set for the message.</summary>
    public const string ConfigurationSet = "X-SES-CONFIGURATION-SET";

    /// <summary>Message tags, <c>name=value</c> pairs separated by commas.</summary>
    public const string MessageTags = "X-SES-MESSAGE-TAGS";

    /// <summary>The identity ARN for sending authorisation (source).</summary>
    public const string SourceArn = "X-SES-SOURCE-ARN";

    /// <summary>The identity ARN for sending authorisation (From).</summary>
    public const string FromArn = "X-SES-FROM-ARN";

    /// <summary>The identity ARN for sending authorisation (Return-Path).</summary>
    public const string ReturnPathArn = "X-SES-RETURN-PATH-ARN";

    /// <summary>List management options: <c>contactListName; topic=topicName</c>.</summary>
    public const string ListManagementOptions = "X-SES-LIST-MANAGEMENT-OPTIONS";

    /// <summary>The most characters of a rejected header value an exception message quotes.</summary>
    public const int MaxQuotedLength = 80;

    // SES: "The name and value can contain only ASCII letters (a-z, A-Z), numbers (0-9), underscores (_), or dashes (-)."
    private static readonly SearchValues<char> NameCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    /// <summary>Whether <paramref name="value"/> is a valid configuration set name.</summary>
    public static bool IsValidConfigurationSetName(ReadOnlySpan<char> value) =>
        value.Length is > 0 and <= SesLimits.MaxConfigurationSetNameLength && !value.ContainsAnyExcept(NameCharacters);

    /// <summary>Whether <paramref name="value"/> is a valid message tag name or value.</summary>
    public static bool IsValidTagPart(ReadOnlySpan<char> value) =>
        value.Length is > 0 and <= SesLimits.MaxTagLength && !value.ContainsAnyExcept(NameCharacters);

    /// <summary>
    /// Parses an <c>X-SES-MESSAGE-TAGS</c> value (<c>a=1, b=2</c>).
    /// </summary>
    /// <exception cref="SesMessageValidationException">A name or value breaks SES's character rules.</exception>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseTags(string headerValue)
    {
        var tags = new List<KeyValuePair<string, string>>();
        foreach (var part in headerValue.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq].Trim();
            var value = eq < 0 ? string.Empty : part[(eq + 1)..].Trim();
            if (!IsValidTagPart(name) || !IsValidTagPart(value))
            {
                throw new SesMessageValidationException(
                    MessageValidationFailure.InvalidHeaderValue,
                    $"The message tag '{Excerpt(part)}' is invalid: SES allows only ASCII letters, digits, '_' and '-', 1 to {SesLimits.MaxTagLength} characters, as name=value.");
            }

            tags.Add(new KeyValuePair<string, string>(name, value));
        }

        return tags;
    }

    /// <summary>Formats tags as an <c>X-SES-MESSAGE-TAGS</c> value after checking them.</summary>
    /// <exception cref="SesMessageValidationException">A name or value breaks SES's character rules.</exception>
    public static string FormatTags(IEnumerable<KeyValuePair<string, string>> tags)
    {
        var parts = new List<string>();
        foreach (var (name, value) in tags)
        {
            if (!IsValidTagPart(name) || !IsValidTagPart(value))
            {
                throw new SesMessageValidationException(
                    MessageValidationFailure.InvalidHeaderValue,
                    $"The message tag '{Excerpt(name + "=" + value)}' is invalid: SES allows only ASCII letters, digits, '_' and '-', 1 to {SesLimits.MaxTagLength} characters.");
            }

            parts.Add(name + "=" + value);
        }

        return string.Join(", ", parts);
    }

    /// <summary>Checks a configuration set name.</summary>
    /// <exception cref="SesMessageValidationException">The name breaks SES's character rules.</exception>
    public static string ValidateConfigurationSetName(string name)
    {
        if (!IsValidConfigurationSetName(name))
        {
            throw new SesMessageValidationException(
                MessageValidationFailure.InvalidHeaderValue,
                $"The configuration set name '{Excerpt(name)}' is invalid: SES allows only ASCII letters, digits, '_' and '-', 1 to {SesLimits.MaxConfigurationSetNameLength} characters.");
        }

        return name;
    }

    /// <summary>
    /// A rejected header value as an exception message may quote it: the message's own text (hostile input), so at
    /// most <see cref="MaxQuotedLength"/> characters, control characters (line breaks that could forge log lines)
    /// replaced with <c>?</c>.
    /// </summary>
    public static string Excerpt(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var cut = value.Length > MaxQuotedLength;
        var chars = (cut ? value[..MaxQuotedLength] : value).ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsControl(chars[i]))
            {
                chars[i] = '?';
            }
        }

        return cut ? new string(chars) + "..." : new string(chars);
    }

    /// <summary>
    /// A copy of <paramref name="message"/> whose only <c>X-SES-CONFIGURATION-SET</c> header names
    /// <paramref name="configurationSet"/>. The copy has its own header list and shares the body, so the caller's
    /// message is never changed.
    /// </summary>
    public static MimeMessage WithConfigurationSet(MimeMessage message, string configurationSet)
    {
        var headers = message.Headers.Where(h => !h.Field.Equals(ConfigurationSet, StringComparison.OrdinalIgnoreCase)).Select(h => h.Clone()).ToList();
        headers.Add(new Header(ConfigurationSet, configurationSet));
        return message.Body is { } body ? new MimeMessage(headers, body) : new MimeMessage(headers);
    }
}
