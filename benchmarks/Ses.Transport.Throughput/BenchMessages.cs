using System.Text;
using MimeKit;

namespace Ses.Transport.Throughput;

/// <summary>The messages every client sends: the same headers and a plain-text body, sized on the wire.</summary>
internal static class BenchMessages
{
    public const string From = "bench@example.com";
    public const string To = "sink@example.net";

    /// <summary>A text message whose serialized size is <paramref name="size"/> bytes (give or take a line).</summary>
    public static MimeMessage Small(int size)
    {
        var message = Create("Throughput probe");
        message.Body = new TextPart("plain") { Text = string.Empty };
        var headerBytes = (int)Measure(message);
        var line = "The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs.\r\n";
        var text = new StringBuilder();
        while (text.Length + line.Length <= size - headerBytes)
        {
            text.Append(line);
        }

        text.Append('.', Math.Max(0, size - headerBytes - text.Length));
        message.Body = new TextPart("plain") { Text = text.ToString() };
        return message;
    }

    /// <summary>A message with a short text and an attachment of <paramref name="attachmentBytes"/> random bytes (base64 on the wire).</summary>
    public static MimeMessage Large(int attachmentBytes)
    {
        var message = Create("Large attachment");
        var data = new byte[attachmentBytes];
        new Random(7).NextBytes(data);
        var builder = new BodyBuilder { TextBody = "The archive is attached.\r\n" };
        builder.Attachments.Add("archive.bin", data, new ContentType("application", "octet-stream"));
        message.Body = builder.ToMessageBody();
        return message;
    }

    /// <summary>How messages are written on the wire: CRLF line ends (RFC 5321 §2.3.8), whatever the platform.</summary>
    public static FormatOptions WireFormat { get; } = CreateWireFormat();

    /// <summary>The serialized size of a message, as SMTP carries it.</summary>
    public static long Measure(MimeMessage message)
    {
        using var counter = new CountingStream();
        message.WriteTo(WireFormat, counter);
        return counter.Length;
    }

    private static FormatOptions CreateWireFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }

    private static MimeMessage Create(string subject)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Bench Sender", From));
        message.To.Add(new MailboxAddress("Sink", To));
        message.Subject = subject;
        return message;
    }

    private sealed class CountingStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Position;

        public override long Position { get; set; }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Position += count;
    }
}
