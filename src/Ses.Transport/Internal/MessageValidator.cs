using System.Globalization;
using MimeKit;

namespace Ses.Transport.Internal;

/// <summary>
/// Pre-send checks shared by every transport. Each broken rule is a typed
/// <see cref="SesMessageValidationException"/> raised before any byte is sent.
/// </summary>
internal static class MessageValidator
{
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = false, AllowUnassigned = false };

    /// <summary>
    /// Checks sender and recipients: a From (or Sender) address, 1 to 50 recipients, ASCII local parts
    /// (SES has no SMTPUTF8) and domains that convert to ASCII (IDN → punycode).
    /// </summary>
    /// <returns>The number of recipients (SES counts recipients, not messages, against the send rate).</returns>
    /// <exception cref="SesMessageValidationException">A rule is broken.</exception>
    public static int ValidateEnvelope(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);

        var sender = message.Sender ?? message.From.Mailboxes.FirstOrDefault();
        if (sender is null)
        {
            throw new SesMessageValidationException(MessageValidationFailure.NoSender, "The message has no From address.");
        }

        CheckAddress(sender);
        foreach (var from in message.From.Mailboxes)
        {
            CheckAddress(from);
        }

        var count = 0;
        foreach (var list in (ReadOnlySpan<InternetAddressList>)[message.To, message.Cc, message.Bcc])
        {
            foreach (var mailbox in list.Mailboxes)
            {
                CheckAddress(mailbox);
                count++;
            }
        }

        if (count == 0)
        {
            throw new SesMessageValidationException(MessageValidationFailure.NoRecipients, "The message has no recipient in To, Cc or Bcc.");
        }

        if (count > SesLimits.MaxRecipientsPerMessage)
        {
            throw new SesMessageValidationException(
                MessageValidationFailure.TooManyRecipients,
                $"The message has {count} recipients; SES accepts at most {SesLimits.MaxRecipientsPerMessage} (To + Cc + Bcc) per message.");
        }

        return count;
    }

    /// <summary>Checks the encoded size against SES's 40 MB and the server's advertised SIZE, if any.</summary>
    /// <exception cref="SesMessageValidationException">The message is too large.</exception>
    public static void ValidateSize(long encodedBytes, long? serverMaxBytes = null)
    {
        var limit = serverMaxBytes is > 0 and < SesLimits.MaxMessageBytes ? serverMaxBytes.Value : SesLimits.MaxMessageBytes;
        if (encodedBytes > limit)
        {
            throw new SesMessageValidationException(
                MessageValidationFailure.TooLarge,
                $"The encoded message is {encodedBytes} bytes; the limit is {limit} bytes{(limit == SesLimits.MaxMessageBytes ? " (SES's 40 MB)" : " (the server's SIZE)")}.");
        }
    }

    /// <summary>The number of bytes <paramref name="message"/> takes when written for transport (CRLF line endings).</summary>
    public static long MeasureSize(MimeMessage message, CancellationToken cancellationToken = default)
    {
        using var counter = new CountingStream();
        message.WriteTo(TransportFormat.Options, counter, cancellationToken);
        return counter.Length;
    }

    /// <summary>The ASCII form of a domain (punycode for IDN).</summary>
    /// <exception cref="SesMessageValidationException">The domain cannot be converted.</exception>
    public static string ToAsciiDomain(string domain)
    {
        try
        {
            return Idn.GetAscii(domain);
        }
        catch (ArgumentException ex)
        {
            throw new SesMessageValidationException(MessageValidationFailure.InvalidAddress, $"The domain '{SesHeaders.Excerpt(domain)}' is not a valid domain name.", ex);
        }
    }

    private static void CheckAddress(MailboxAddress mailbox)
    {
        var address = mailbox.Address;
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            throw new SesMessageValidationException(MessageValidationFailure.InvalidAddress, $"'{SesHeaders.Excerpt(address)}' is not an address with a local part and a domain.")
            {
                Address = address,
            };
        }

        if (!System.Text.Ascii.IsValid(address.AsSpan(0, at)))
        {
            throw new SesMessageValidationException(
                MessageValidationFailure.NonAsciiLocalPart,
                $"The address '{SesHeaders.Excerpt(address)}' has a non-ASCII local part; SES does not support SMTPUTF8.")
            {
                Address = address,
            };
        }

        var domain = address[(at + 1)..];
        if (!System.Text.Ascii.IsValid(domain))
        {
            ToAsciiDomain(domain);
        }
    }
}
