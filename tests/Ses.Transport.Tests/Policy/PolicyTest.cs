using MimeKit;
using Ses.Transport.Policy;
using Ses.Transport.Security;
using Ses.Transport.Testing.Identities;

namespace Ses.Transport.Tests.Policy;

/// <summary>Shared pieces of the policy tests: generated identities, messages, policies.</summary>
internal static class PolicyTest
{
    public const string SenderAddress = "sender@example.com";
    public const string RecipientAddress = "recipient@example.net";

    private static readonly Lazy<(TestIdentityAuthority Authority, TestIdentity Sender, TestIdentity Recipient)> Identities = new(() =>
    {
        var authority = new TestIdentityAuthority("Ses.Transport Policy Tests CA");
        return (authority, authority.Issue(SenderAddress), authority.Issue(RecipientAddress));
    });

    public static TestIdentityAuthority Authority => Identities.Value.Authority;

    public static TestIdentity Sender => Identities.Value.Sender;

    public static TestIdentity Recipient => Identities.Value.Recipient;

    /// <summary>Keys to sign as the sender and encrypt to the recipient, with S/MIME and PGP.</summary>
    public static SecureMessageBuilderOptions Keys(bool smime = true, bool pgp = true)
    {
        var keys = new SecureMessageBuilderOptions();
        if (smime)
        {
            keys.SmimeSigner = Sender.Smime;
            keys.SmimeRecipients.Add(Recipient.SmimePublic);
        }

        if (pgp)
        {
            keys.PgpSigner = Sender.Pgp;
            keys.PgpRecipients.Add(Recipient.PgpPublic);
        }

        return keys;
    }

    /// <summary>A reader holding the recipient's private keys and trusting the test CA.</summary>
    public static SecureMessageReader RecipientReader()
    {
        var options = new SecureMessageReaderOptions();
        options.SmimeKeys.Add(Recipient.Smime);
        options.SmimeTrustAnchors.Add(Authority.Certificate);
        options.PgpKeys.Add(Recipient.Pgp);
        options.PgpKeys.Add(Sender.PgpPublic);
        return new SecureMessageReader(options);
    }

    /// <summary>A message from <see cref="SenderAddress"/> to <paramref name="to"/> (default <see cref="RecipientAddress"/>).</summary>
    public static MimeMessage Message(params string[] to)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(SenderAddress));
        foreach (var address in to.Length == 0 ? [RecipientAddress] : to)
        {
            message.To.Add(MailboxAddress.Parse(address));
        }

        message.Subject = "Policy test " + Guid.NewGuid().ToString("N");
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.com");
        message.Body = new TextPart("plain") { Text = "Quarterly numbers, for your eyes only.\r\n" };
        return message;
    }

    public static DeliveryRule Rule(string name, params string[] recipients)
    {
        var rule = new DeliveryRule { Name = name };
        foreach (var recipient in recipients)
        {
            rule.Recipients.Add(recipient);
        }

        return rule;
    }

    public static EndToEndProtection EndToEnd(MessageProtection protection, ProtectionScheme? scheme = null) =>
        new() { Protection = protection, Scheme = scheme };
}
