using MimeKit;
using Ses.Transport.Internal;

namespace Ses.Transport.Https.Internal;

/// <summary>
/// Turns a message into what <c>SendEmail</c> takes: the SES headers (<c>X-SES-CONFIGURATION-SET</c>,
/// <c>X-SES-MESSAGE-TAGS</c>, <c>X-SES-SOURCE-ARN</c>/<c>X-SES-FROM-ARN</c>, <c>X-SES-RETURN-PATH-ARN</c>,
/// <c>X-SES-LIST-MANAGEMENT-OPTIONS</c>) become the API's typed fields and are left out of the raw MIME, as SES
/// removes them from mail it receives over SMTP; the envelope recipients (To, Cc, Bcc) become <c>Destination</c>
/// and the <c>Bcc</c> header is not written, as an SMTP client would not write it.
/// </summary>
internal static class SendEmailMessage
{
    /// <summary>How every ARN starts. Source: AWS General Reference, "Amazon Resource Names (ARNs)".</summary>
    private const string ArnPrefix = "arn:";

    /// <summary>The longest ARN accepted (AWS's general ARN limit). Source: AWS IAM User Guide, "IAM and AWS STS quotas" (ARN length 2048).</summary>
    private const int MaxArnLength = 2048;

    /// <summary>The format of the raw MIME: CRLF, no <c>Bcc</c> header.</summary>
    public static readonly FormatOptions Format = CreateFormat();

    /// <summary>The headers that become typed fields.</summary>
    private static readonly string[] SesHeaderNames =
    [
        SesHeaders.ConfigurationSet, SesHeaders.MessageTags, SesHeaders.SourceArn, SesHeaders.FromArn,
        SesHeaders.ReturnPathArn, SesHeaders.ListManagementOptions,
    ];

    /// <summary>
    /// The message to encode (the caller's own when it has no SES header, otherwise a copy sharing its body with those
    /// headers removed; the caller's message is never changed) and the typed fields.
    /// </summary>
    /// <exception cref="SesMessageValidationException">An SES header has an invalid value.</exception>
    public static (MimeMessage Outgoing, SendEmailFields Fields) Prepare(MimeMessage message, string? configurationSet)
    {
        ArgumentNullException.ThrowIfNull(message);
        var fields = new SendEmailFields
        {
            ConfigurationSetName = configurationSet,
            Destination = Destination(message),
        };

        if (message.Headers[SesHeaders.MessageTags] is { } tags)
        {
            var parsed = SesHeaders.ParseTags(tags);
            if (parsed.Count > 0)
            {
                fields.EmailTags = parsed.Select(t => new SesMessageTag { Name = t.Key, Value = t.Value }).ToList();
            }
        }

        fields.FromEmailAddressIdentityArn = Arn(message, SesHeaders.FromArn) ?? Arn(message, SesHeaders.SourceArn);
        fields.FeedbackForwardingEmailAddressIdentityArn = Arn(message, SesHeaders.ReturnPathArn);
        if (message.Headers[SesHeaders.ListManagementOptions] is { } list)
        {
            fields.ListManagementOptions = ParseListManagement(list);
        }

        var hasSesHeader = false;
        foreach (var name in SesHeaderNames)
        {
            hasSesHeader |= message.Headers.Contains(name);
        }

        if (!hasSesHeader)
        {
            return (message, fields);
        }

        var headers = message.Headers
            .Where(h => Array.FindIndex(SesHeaderNames, n => string.Equals(n, h.Field, StringComparison.OrdinalIgnoreCase)) < 0)
            .Select(h => h.Clone())
            .ToList();
        var copy = message.Body is { } body ? new MimeMessage(headers, body) : new MimeMessage(headers);
        return (copy, fields);
    }

    /// <summary>
    /// Parses <c>X-SES-LIST-MANAGEMENT-OPTIONS: contactListName; topic=topicName</c>
    /// (SES Developer Guide, "Using list management").
    /// </summary>
    /// <exception cref="SesMessageValidationException">The value is malformed.</exception>
    public static SesListManagementOptions ParseListManagement(string value)
    {
        var parts = value.Split(';', StringSplitOptions.TrimEntries);
        var contactList = parts[0];
        string? topic = null;
        var valid = SesHeaders.IsValidTagPart(contactList);
        for (var i = 1; i < parts.Length && valid; i++)
        {
            if (parts[i].Length == 0)
            {
                continue;
            }

            var eq = parts[i].IndexOf('=', StringComparison.Ordinal);
            valid = eq > 0 && topic is null && string.Equals(parts[i][..eq].Trim(), "topic", StringComparison.OrdinalIgnoreCase);
            if (valid)
            {
                topic = parts[i][(eq + 1)..].Trim();
                valid = SesHeaders.IsValidTagPart(topic);
            }
        }

        if (!valid)
        {
            throw new SesMessageValidationException(
                MessageValidationFailure.InvalidHeaderValue,
                $"The {SesHeaders.ListManagementOptions} header '{value}' is invalid: expected 'contactListName' or 'contactListName; topic=topicName' (ASCII letters, digits, '_' and '-').");
        }

        return new SesListManagementOptions { ContactListName = contactList, TopicName = topic };
    }

    private static string? Arn(MimeMessage message, string header)
    {
        if (message.Headers[header]?.Trim() is not { Length: > 0 } value)
        {
            return null;
        }

        // arn:partition:ses:region:account:identity/name (SES Developer Guide, "Sending authorization").
        if (!value.StartsWith(ArnPrefix, StringComparison.Ordinal) || value.Length > MaxArnLength || value.AsSpan().ContainsAny(" \t\r\n"))
        {
            throw new SesMessageValidationException(
                MessageValidationFailure.InvalidHeaderValue,
                $"The {header} header is not an ARN (arn:partition:ses:region:account:identity/...).");
        }

        return value;
    }

    private static SesDestination Destination(MimeMessage message) => new()
    {
        ToAddresses = Addresses(message.To),
        CcAddresses = Addresses(message.Cc),
        BccAddresses = Addresses(message.Bcc),
    };

    private static List<string>? Addresses(InternetAddressList list)
    {
        List<string>? addresses = null;
        foreach (var mailbox in list.Mailboxes)
        {
            // Punycode domains, as an SMTP client would send them in RCPT TO (SES has no SMTPUTF8).
            var domain = mailbox.Domain;
            var address = string.IsNullOrEmpty(domain) ? mailbox.Address : mailbox.LocalPart + "@" + MessageValidator.ToAsciiDomain(domain);
            (addresses ??= []).Add(address);
        }

        return addresses;
    }

    private static FormatOptions CreateFormat()
    {
        var options = TransportFormat.Options.Clone();
        options.HiddenHeaders.Add(HeaderId.Bcc);
        return options;
    }
}
