using System.Diagnostics;
using System.Security.Authentication;
using MimeKit;
using Ses.Transport.Security;
using Ses.Transport.Testing.Identities;

namespace Ses.Transport.ConsoleSample;

/// <summary>
/// What the sample sends, the same against the sandbox and against real SES: a plain, an S/MIME signed+encrypted
/// and a PGP signed+encrypted message through every transport.
/// </summary>
internal sealed class SampleMatrix(
    string from,
    string to,
    SecureMessageBuilder builder,
    Func<SendReceipt, CancellationToken, Task<string>> hop2,
    SampleProgress progress)
{
    private static readonly (string Name, ProtectionScheme? Scheme)[] Protections =
    [
        ("none", null),
        ("S/MIME sign+encrypt", ProtectionScheme.SMime),
        ("PGP sign+encrypt", ProtectionScheme.Pgp),
    ];

    public async Task<IReadOnlyList<ResultRow>> SendAllAsync(IReadOnlyList<SampleTarget> targets, CancellationToken cancellationToken)
    {
        var rows = new List<ResultRow>();
        foreach (var target in targets)
        {
            foreach (var (name, scheme) in Protections)
            {
                var message = CreateMessage(from, to, $"Ses.Transport sample: {name} via {target.Name}");
                if (scheme is { } s)
                {
                    message = await builder.SignAndEncryptAsync(message, s, cancellationToken);
                }

                rows.Add(await SendAsync(target, message, name, cancellationToken));
            }
        }

        return rows;
    }

    public async Task<ResultRow> SendAsync(SampleTarget target, MimeMessage message, string protection, CancellationToken cancellationToken)
    {
        progress.Step($"{target.Name}: {message.Subject}");
        var started = Stopwatch.GetTimestamp();
        var receipt = await target.Transport.SendAsync(message, cancellationToken);
        var outcome = await hop2(receipt, cancellationToken);
        progress.Done(receipt.MessageId);
        foreach (var reason in receipt.Plan?.Reasons ?? [])
        {
            progress.Note("plan: " + reason);
        }

        return new ResultRow(
            target.Name,
            DescribeTls(receipt),
            protection,
            receipt.ConfigurationSet ?? "(none)",
            outcome,
            receipt.MessageId,
            Stopwatch.GetElapsedTime(started));
    }

    /// <summary>A builder that signs as <paramref name="sender"/> and encrypts to <paramref name="recipient"/>, S/MIME and PGP.</summary>
    public static SecureMessageBuilder CreateBuilder(TestIdentity sender, TestIdentity recipient)
    {
        var options = new SecureMessageBuilderOptions { SmimeSigner = sender.Smime, PgpSigner = sender.Pgp };
        options.SmimeRecipients.Add(recipient.SmimePublic);
        options.PgpRecipients.Add(recipient.PgpPublic);
        return new SecureMessageBuilder(options);
    }

    public static MimeMessage CreateMessage(string from, string to, string subject)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain")
        {
            Text = "Sent by the Ses.Transport console sample.\nEvery hop of this message was chosen by the sender.\n",
        };
        return message;
    }

    private static string DescribeTls(SendReceipt receipt)
    {
#pragma warning disable SYSLIB0039 // naming the legacy protocols is fine: they are never negotiated
        var protocol = receipt.TlsProtocol switch
        {
            SslProtocols.Tls13 => "TLS 1.3",
            SslProtocols.Tls12 => "TLS 1.2",
            SslProtocols.None => "TLS (version not reported)",
            var other => other.ToString(),
        };
#pragma warning restore SYSLIB0039
        return receipt.TlsCipherSuite is { } cipher ? $"{protocol} {cipher}" : protocol;
    }
}
