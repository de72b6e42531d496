using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace Ses.Transport.Testing.Internal;

/// <summary>
/// The reading side of an SMTP connection before TLS, answering <c>AUTH</c> the way SES does —
/// <c>530 Must issue a STARTTLS command first</c> — before SmtpServer sees it. SmtpServer on its own would answer
/// 503 (bad sequence) or, allowed to authenticate in clear, prompt for the credentials first; here the AUTH line
/// (with any initial response in it) is discarded unread and the client is never asked for a secret in clear.
/// </summary>
internal sealed class StartTlsFirstReader(PipeReader inner, SandboxPipe pipe) : PipeReader
{
    /// <summary>SES's reply to AUTH before STARTTLS (SES Developer Guide, "Amazon SES SMTP issues").</summary>
    public const string Reply = "530 Must issue a STARTTLS command first";

    private static readonly byte[] ReplyLine = Encoding.ASCII.GetBytes(Reply + "\r\n");

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var result = await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (pipe.IsSecure || !TryFindAuthLine(result.Buffer, out var afterLine))
            {
                return result;
            }

            inner.AdvanceTo(afterLine);
            SandboxLog.SmtpAuthBeforeTls(pipe.Logger);
            await pipe.WriteRawAsync(ReplyLine, cancellationToken).ConfigureAwait(false);
        }
    }

    public override bool TryRead(out ReadResult result) => inner.TryRead(out result);

    public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    // A complete first line "AUTH" or "AUTH <anything>" (case-insensitive), ending in LF.
    private static bool TryFindAuthLine(ReadOnlySequence<byte> buffer, out SequencePosition afterLine)
    {
        afterLine = default;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
        {
            return false;
        }

        Span<byte> head = stackalloc byte[5];
        var length = (int)Math.Min(line.Length, head.Length);
        line.Slice(0, length).CopyTo(head);
        var text = Encoding.ASCII.GetString(head[..length]).TrimEnd('\r');
        if (!(text.Equals("AUTH", StringComparison.OrdinalIgnoreCase) || text.Equals("AUTH ", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        afterLine = reader.Position;
        return true;
    }
}
