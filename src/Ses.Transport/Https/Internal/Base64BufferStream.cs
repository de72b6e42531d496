using System.Buffers.Text;

namespace Ses.Transport.Https.Internal;

/// <summary>
/// A write-only stream that base64-encodes what is written to it straight into a caller-owned buffer, so a MIME
/// message becomes the <c>Content.Raw.Data</c> of a request body without an intermediate copy.
/// </summary>
internal sealed class Base64BufferStream : Stream
{
    private readonly byte[] _destination;
    private readonly int _end;
    private readonly byte[] _carry = new byte[3];
    private int _carryLength;
    private int _position;
    private long _written;

    /// <param name="destination">The buffer to write into.</param>
    /// <param name="offset">Where the base64 text starts.</param>
    /// <param name="capacity">How many bytes of base64 text fit from <paramref name="offset"/>.</param>
    public Base64BufferStream(byte[] destination, int offset, int capacity)
    {
        _destination = destination;
        _position = offset;
        _end = offset + capacity;
    }

    /// <summary>The index after the last base64 byte written (valid after <see cref="Complete"/>).</summary>
    public int Position32 => _position;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _written += buffer.Length;
        if (_carryLength > 0)
        {
            var take = Math.Min(3 - _carryLength, buffer.Length);
            buffer[..take].CopyTo(_carry.AsSpan(_carryLength));
            _carryLength += take;
            buffer = buffer[take..];
            if (_carryLength < 3)
            {
                return;
            }

            Encode(_carry, isFinalBlock: false);
            _carryLength = 0;
        }

        var whole = buffer.Length - (buffer.Length % 3);
        if (whole > 0)
        {
            Encode(buffer[..whole], isFinalBlock: false);
        }

        buffer[whole..].CopyTo(_carry);
        _carryLength = buffer.Length - whole;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void WriteByte(byte value) => Write([value]);

    /// <summary>Writes the last one or two pending bytes with padding.</summary>
    public void Complete()
    {
        if (_carryLength > 0)
        {
            Encode(_carry.AsSpan(0, _carryLength), isFinalBlock: true);
            _carryLength = 0;
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Encode(ReadOnlySpan<byte> source, bool isFinalBlock)
    {
        var status = Base64.EncodeToUtf8(source, _destination.AsSpan(_position, _end - _position), out _, out var written, isFinalBlock);
        if (status != System.Buffers.OperationStatus.Done)
        {
            // The message grew between measuring and writing it (changed by another thread).
            throw new InvalidOperationException("The message changed while it was being encoded for sending.");
        }

        _position += written;
    }
}
