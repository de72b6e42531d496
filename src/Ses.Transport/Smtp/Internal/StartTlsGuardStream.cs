using System.Text;

namespace Ses.Transport.Smtp.Internal;

/// <summary>
/// Sits between MailKit and the socket of a STARTTLS connection and refuses plaintext injected across the upgrade
/// (RFC 3207 §4.2; CVE-2011-0411 class). After the client's <c>STARTTLS</c> command, the server's reply must be the
/// last byte before the TLS handshake: bytes after the reply in the same read, or a first handshake byte that is not a
/// TLS record (handshake 0x16 or alert 0x15), mark the connection as injected and fail the handshake, so nothing
/// (no ClientHello, no AUTH) is sent after them. MailKit (4.16+) already discards such bytes; this turns the attack
/// into a typed <see cref="TlsFailure.PlaintextInjection"/> instead of a silent discard or a generic handshake error.
/// </summary>
internal sealed class StartTlsGuardStream : Stream
{
    private const byte TlsHandshake = 0x16;
    private const byte TlsAlert = 0x15;
    private const int MaxLine = 1024;

    private readonly Stream _inner;
    private readonly StringBuilder _clientLine = new();
    private readonly StringBuilder _serverLine = new();
    private State _state = State.Plain;

    public StartTlsGuardStream(Stream inner)
    {
        _inner = inner;
    }

    private enum State
    {
        Plain,
        AwaitingStartTlsReply,
        Handshake,
        Injected,
        Passthrough,
    }

    /// <summary>Whether the server sent plaintext between its STARTTLS reply and the TLS handshake.</summary>
    public bool InjectionDetected => _state == State.Injected;

    public override bool CanRead => _inner.CanRead;

    public override bool CanWrite => _inner.CanWrite;

    public override bool CanSeek => false;

    public override bool CanTimeout => _inner.CanTimeout;

    public override int ReadTimeout
    {
        get => _inner.ReadTimeout;
        set => _inner.ReadTimeout = value;
    }

    public override int WriteTimeout
    {
        get => _inner.WriteTimeout;
        set => _inner.WriteTimeout = value;
    }

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ThrowIfInjected();
        var n = _inner.Read(buffer);
        return Inspect(buffer[..n]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // After the handshake began there is nothing left to inspect: every read of the session goes straight through.
        return _state == State.Passthrough ? _inner.ReadAsync(buffer, cancellationToken) : InspectedReadAsync(buffer, cancellationToken);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        BeforeWrite(buffer);
        _inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        BeforeWrite(buffer.Span);
        return _inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask<int> InspectedReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ThrowIfInjected();
        var n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Inspect(buffer.Span[..n]);
    }

    private void BeforeWrite(ReadOnlySpan<byte> buffer)
    {
        ThrowIfInjected();
        if (_state != State.Plain)
        {
            return;
        }

        // Follow the client's command lines until it sends STARTTLS (only EHLO comes before; never a secret).
        foreach (var b in buffer)
        {
            if (b == (byte)'\n')
            {
                var line = _clientLine.ToString().TrimEnd('\r');
                _clientLine.Clear();
                if (line.Equals("STARTTLS", StringComparison.OrdinalIgnoreCase))
                {
                    _state = State.AwaitingStartTlsReply;
                }
            }
            else if (_clientLine.Length < MaxLine)
            {
                _clientLine.Append((char)b);
            }
        }
    }

    private int Inspect(ReadOnlySpan<byte> data)
    {
        switch (_state)
        {
            case State.AwaitingStartTlsReply:
                for (var i = 0; i < data.Length; i++)
                {
                    if (data[i] != (byte)'\n')
                    {
                        if (_serverLine.Length < MaxLine)
                        {
                            _serverLine.Append((char)data[i]);
                        }

                        continue;
                    }

                    var line = _serverLine.ToString().TrimEnd('\r');
                    _serverLine.Clear();

                    // The last line of a reply is "ddd" or "ddd text" (RFC 5321 §4.2.1); "ddd-" continues it.
                    if (line.Length == 3 || (line.Length > 3 && line[3] != '-'))
                    {
                        var rest = data.Length - (i + 1);
                        _state = line.StartsWith("220", StringComparison.Ordinal) ? State.Handshake : State.Plain;
                        if (rest > 0 && _state == State.Handshake)
                        {
                            // Hand MailKit the reply only; fail the handshake that follows.
                            _state = State.Injected;
                        }

                        return i + 1;
                    }
                }

                return data.Length;

            case State.Handshake when data.Length > 0:
                if (data[0] is not (TlsHandshake or TlsAlert))
                {
                    _state = State.Injected;
                    ThrowIfInjected();
                }

                _state = State.Passthrough;
                return data.Length;

            default:
                return data.Length;
        }
    }

    private void ThrowIfInjected()
    {
        if (_state == State.Injected)
        {
            throw new IOException("The server sent plaintext after agreeing to STARTTLS (RFC 3207 §4.2); the connection is refused.");
        }
    }
}
