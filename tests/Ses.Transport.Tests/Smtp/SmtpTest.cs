using MimeKit;
using Ses.Transport.Credentials;
using Ses.Transport.Smtp;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Tests.Smtp;

/// <summary>Shared settings of the SMTP tests: credentials, transports pointed at 127.0.0.1, test messages.</summary>
internal static class SmtpTest
{
    public const string User = "AKIAIOSFODNN7EXAMPLE";

    /// <summary>An IAM-style secret the SMTP password is derived from; neither may ever appear in a log or an exception.</summary>
    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    public const string Region = "eu-west-1";

    /// <summary>The SMTP password derived from <see cref="SecretAccessKey"/>.</summary>
    public static readonly string Password = SesSmtpCredentials.DerivePassword(SecretAccessKey, Region);

    public static SesSmtpCredentials Credentials => SesSmtpCredentials.FromSecretAccessKey(User, SecretAccessKey, Region);

    public static readonly SesTransportKind[] Kinds = [SesTransportKind.StartTlsSmtp, SesTransportKind.TlsWrapperSmtp];

    /// <summary>Options for <paramref name="kind"/> pointed at 127.0.0.1:<paramref name="port"/>, trusting the test CA, with fast retries.</summary>
    public static SmtpTransportOptions Options(SesTransportKind kind, int port, Action<SmtpTransportOptions>? configure = null)
    {
        SmtpTransportOptions options = kind == SesTransportKind.StartTlsSmtp ? new StartTlsSmtpTransportOptions() : new TlsWrapperSmtpTransportOptions();
        options.Host = "127.0.0.1";
        options.Port = port;
        options.Credentials = Credentials;
        options.Tls.TrustAnchors.Add(TestCertificates.Authority);
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(5);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(20);
        options.Retry.TotalTimeout = TimeSpan.FromSeconds(20);
        options.OperationTimeout = TimeSpan.FromSeconds(10);
        configure?.Invoke(options);
        return options;
    }

    /// <summary>The transport of <paramref name="kind"/>.</summary>
    public static ISesTransport Create(
        SesTransportKind kind,
        int port,
        Action<SmtpTransportOptions>? configure = null,
        Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
    {
        var options = Options(kind, port, configure);
        return options switch
        {
            StartTlsSmtpTransportOptions s => new StartTlsSmtpTransport(s, loggerFactory, timeProvider),
            TlsWrapperSmtpTransportOptions w => new TlsWrapperSmtpTransport(w, loggerFactory, timeProvider),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>A message with a unique subject, a text body and a Message-Id.</summary>
    public static MimeMessage Message(string? subject = null)
    {
        var token = Guid.NewGuid().ToString("N");
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Sender", "sender@example.com"));
        message.To.Add(new MailboxAddress("Recipient", "recipient@example.net"));
        message.Subject = subject ?? "Test " + token;
        message.Body = new TextPart("plain") { Text = "Hello over TLS.\r\nToken: " + token + "\r\n.\r\nA line that is only a dot came before." };
        return message;
    }

    /// <summary>The secret in every form it could travel in: the password, the secret key, their base64 and the AUTH PLAIN token.</summary>
    public static IReadOnlyList<string> SecretForms =>
    [
        Password,
        SecretAccessKey,
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Password)),
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("\0" + User + "\0" + Password)),
    ];

    /// <summary>Asserts that <paramref name="text"/> contains no form of the secret.</summary>
    public static void AssertNoSecret(string text)
    {
        foreach (var secret in SecretForms)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    /// <summary>Asserts that what a server received in clear has no AUTH, no envelope, no message and no secret.</summary>
    public static void AssertNothingSensitiveSentInClear(string plaintext)
    {
        Assert.DoesNotMatch(@"(?im)^\s*AUTH\b", plaintext);
        Assert.DoesNotMatch(@"(?im)^\s*MAIL FROM", plaintext);
        Assert.DoesNotMatch(@"(?im)^\s*RCPT TO", plaintext);
        Assert.DoesNotMatch(@"(?im)^\s*DATA\b", plaintext);
        Assert.DoesNotContain("Hello over TLS", plaintext, StringComparison.Ordinal);
        AssertNoSecret(plaintext);
    }

    /// <summary>
    /// Asserts that <paramref name="received"/> (parsed from what a server stored) is <paramref name="sent"/>: same
    /// Message-Id, subject, addresses and text. The text is compared without its final line break, which servers keep
    /// (smtp-server, Postfix) or drop (SmtpServer) as part of the DATA terminator.
    /// </summary>
    public static void AssertSameMessage(MimeMessage sent, MimeMessage received)
    {
        Assert.Equal(sent.MessageId, received.MessageId);
        Assert.Equal(sent.Subject, received.Subject);
        Assert.Equal(sent.From.Mailboxes.Select(m => m.Address), received.From.Mailboxes.Select(m => m.Address));
        Assert.Equal(sent.To.Mailboxes.Select(m => m.Address), received.To.Mailboxes.Select(m => m.Address));
        Assert.Equal(sent.Cc.Mailboxes.Select(m => m.Address), received.Cc.Mailboxes.Select(m => m.Address));
        Assert.Equal(sent.TextBody?.TrimEnd('\r', '\n'), received.TextBody?.TrimEnd('\r', '\n'));
    }
}
