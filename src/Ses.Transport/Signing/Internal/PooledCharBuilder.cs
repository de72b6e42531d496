using System.Buffers;

namespace Ses.Transport.Signing.Internal;

/// <summary>A growable character buffer over <see cref="ArrayPool{T}"/>, for building canonical requests without string concatenation.</summary>
internal struct PooledCharBuilder : IDisposable
{
    private char[] _buffer;
    private int _length;

    public PooledCharBuilder(int capacity)
    {
        _buffer = ArrayPool<char>.Shared.Rent(capacity);
        _length = 0;
    }

    public readonly int Length => _length;

    public readonly ReadOnlySpan<char> Written => _buffer.AsSpan(0, _length);

    public void Append(char c)
    {
        if (_length == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[_length++] = c;
    }

    public void Append(scoped ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _buffer.Length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
    }

    /// <summary>Reserves <paramref name="count"/> characters and returns them for writing.</summary>
    public Span<char> AppendSpan(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Grow(count);
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }

    /// <summary>Drops the last character (used to remove a trailing separator).</summary>
    public void TrimLast()
    {
        if (_length > 0)
        {
            _length--;
        }
    }

    public override readonly string ToString() => new(_buffer, 0, _length);

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private void Grow(int additional)
    {
        var next = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + additional));
        _buffer.AsSpan(0, _length).CopyTo(next);
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = next;
    }
}
