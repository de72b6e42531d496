using System.Buffers;
using System.Text.Json;
using MimeKit;
using Ses.Transport.Internal;
using Ses.Transport.Signing;

namespace Ses.Transport.Https.Internal;

/// <summary>
/// The JSON body of one <c>SendEmail</c> request, built once per message and shared by its attempts: the MIME message
/// is written as base64 straight into one pooled buffer between the JSON around it, the buffer is hashed once (SigV4
/// payload hash) and sent as is. Peak memory is about the base64 size (4/3 of the MIME size) plus MimeKit's own
/// write buffers. Dispose returns the buffer to the pool.
/// </summary>
internal sealed class SendEmailRequestBody : IDisposable
{
    // {"Content":{"Raw":{"Data":"<base64>"}}  then  ,"ConfigurationSetName":...}  or  }
    private static ReadOnlySpan<byte> Prefix => "{\"Content\":{\"Raw\":{\"Data\":\""u8;

    private static ReadOnlySpan<byte> ContentEnd => "\"}}"u8;

    private byte[]? _buffer;
    private readonly int _length;

    private SendEmailRequestBody(byte[] buffer, int length, long mimeBytes)
    {
        _buffer = buffer;
        _length = length;
        MimeBytes = mimeBytes;
        AwsSigV4Signer.HashPayload(buffer.AsSpan(0, length), PayloadSha256);
    }

    /// <summary>The size of the MIME message before base64.</summary>
    public long MimeBytes { get; }

    /// <summary>The SHA-256 of <see cref="Body"/>, computed once.</summary>
    public byte[] PayloadSha256 { get; } = new byte[32];

    /// <summary>The request body (valid until <see cref="Dispose"/>).</summary>
    public ReadOnlyMemory<byte> Body => (_buffer ?? throw new ObjectDisposedException(nameof(SendEmailRequestBody))).AsMemory(0, _length);

    /// <summary>
    /// Builds the body for <paramref name="message"/> (already stripped of the <c>X-SES-*</c> headers turned into
    /// <paramref name="fields"/>). This is the method the memory benchmark measures.
    /// </summary>
    /// <exception cref="SesMessageValidationException">The message is larger than SES accepts.</exception>
    public static SendEmailRequestBody Create(MimeMessage message, SendEmailFields fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(fields);

        var format = SendEmailMessage.Format;
        long mimeBytes;
        using (var counter = new CountingStream())
        {
            message.WriteTo(format, counter, cancellationToken);
            mimeBytes = counter.Length;
        }

        MessageValidator.ValidateSize(mimeBytes);

        var rest = JsonSerializer.SerializeToUtf8Bytes(fields, SesApiJsonContext.Default.SendEmailFields);
        var base64Length = checked((int)((mimeBytes + 2) / 3 * 4));

        // rest is "{}" or "{...}": the closing text is "}" or "," + rest[1..].
        var tailLength = rest.Length <= 2 ? 1 : rest.Length;
        var total = checked(Prefix.Length + base64Length + ContentEnd.Length + tailLength);
        var buffer = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            Prefix.CopyTo(buffer);
            var encoder = new Base64BufferStream(buffer, Prefix.Length, base64Length);
            message.WriteTo(format, encoder, cancellationToken);
            encoder.Complete();
            if (encoder.Length != mimeBytes)
            {
                throw new InvalidOperationException("The message changed while it was being encoded for sending.");
            }

            var position = encoder.Position32;
            ContentEnd.CopyTo(buffer.AsSpan(position));
            position += ContentEnd.Length;
            if (rest.Length <= 2)
            {
                buffer[position++] = (byte)'}';
            }
            else
            {
                buffer[position++] = (byte)',';
                rest.AsSpan(1).CopyTo(buffer.AsSpan(position));
                position += rest.Length - 1;
            }

            return new SendEmailRequestBody(buffer, position, mimeBytes);
        }
        catch
        {
            Release(buffer, total);
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            Release(buffer, _length);
        }
    }

    // The buffer held mail content: wipe the part used before another renter sees it.
    private static void Release(byte[] buffer, int used)
    {
        Array.Clear(buffer, 0, Math.Min(used, buffer.Length));
        ArrayPool<byte>.Shared.Return(buffer);
    }
}
