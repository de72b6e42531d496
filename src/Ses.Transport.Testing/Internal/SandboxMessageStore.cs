using System.Buffers;
using Microsoft.Extensions.Logging;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Ses.Transport.Testing.Internal;

/// <summary>Takes the DATA of an SMTP session: applies faults and SES's rules, records the message, answers like SES.</summary>
internal sealed class SandboxMessageStore(SandboxContext sandbox) : MessageStore
{
    // SES Developer Guide, "Amazon SES SMTP response codes".
    private const SmtpReplyCode Throttled = (SmtpReplyCode)454;
    private const SmtpReplyCode TransactionFailed = (SmtpReplyCode)554;

    public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        var pipe = context.Pipe as SandboxPipe;
        var transport = context.EndpointDefinition.IsSecure ? SesTransportKind.TlsWrapperSmtp : SesTransportKind.StartTlsSmtp;
        var raw = buffer.ToArray();
        MimeMessage message;
        try
        {
            using var stream = new MemoryStream(raw, writable: false);
            message = MimeMessage.Load(stream, cancellationToken);
        }
        catch (FormatException)
        {
            return Reply(TransactionFailed, "Transaction failed: Illegal content: the message is not MIME.");
        }

        string? set;
        IReadOnlyList<KeyValuePair<string, string>> tags;
        try
        {
            (set, tags) = sandbox.Recorder.ResolveSesFields(message, null, null);
        }
        catch (SandboxRejection rejection)
        {
            return Reply(TransactionFailed, rejection.Kind == SandboxRejectionKind.UnknownConfigurationSet
                ? "Transaction failed: Configuration set does not exist: " + rejection.Message
                : "Transaction failed: " + rejection.Message);
        }

        switch (sandbox.Faults.TakeSendFault(out var reason))
        {
            case SandboxFaults.SendFault.DropConnection:
                SandboxLog.FaultInjected(sandbox.Logger, transport, "connection dropped after DATA");
                pipe?.Abort();
                throw new IOException("The sandbox dropped the connection (fault injection).");
            case SandboxFaults.SendFault.Throttle:
                SandboxLog.FaultInjected(sandbox.Logger, transport, "throttled");
                return Reply(Throttled, "Throttling failure: Maximum sending rate exceeded.");
            case SandboxFaults.SendFault.Reject:
                SandboxLog.FaultInjected(sandbox.Logger, transport, "rejected");
                return Reply(TransactionFailed, "Message rejected: " + reason);
        }

        var recorded = sandbox.Record(new IncomingMessage(
            transport,
            raw,
            message,
            Address(transaction.From),
            [.. transaction.To.Select(Address).OfType<string>()],
            pipe?.SslProtocol ?? context.Pipe.SslProtocol,
            pipe?.CipherSuite,
            set,
            tags));
        return Reply(SmtpReplyCode.Ok, "Ok " + recorded.Id);
    }

    private static Task<SmtpResponse> Reply(SmtpReplyCode code, string text) => Task.FromResult(new SmtpResponse(code, text));

    private static string? Address(IMailbox? mailbox) =>
        mailbox is null || string.IsNullOrEmpty(mailbox.User) ? null : string.IsNullOrEmpty(mailbox.Host) ? mailbox.User : mailbox.User + "@" + mailbox.Host;
}
