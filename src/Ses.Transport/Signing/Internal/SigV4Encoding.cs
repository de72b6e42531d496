using System.Buffers;
using System.Text;

namespace Ses.Transport.Signing.Internal;

/// <summary>The URI encoding and normalisation rules of Signature Version 4.</summary>
internal static class SigV4Encoding
{
    // SigV4: "URI-encode each byte ... except the unreserved characters: A-Z, a-z, 0-9, '-', '.', '_', and '~'."
    private static readonly SearchValues<byte> Unreserved =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"u8);

    private const string HexUpper = "0123456789ABCDEF";

    /// <summary>Appends <paramref name="text"/> URI-encoded; '/' is kept when <paramref name="keepSlash"/>.</summary>
    public static void AppendUriEncoded(ref PooledCharBuilder builder, ReadOnlySpan<char> text, bool keepSlash)
    {
        Span<byte> utf8 = stackalloc byte[4];
        var index = 0;
        while (index < text.Length)
        {
            var c = text[index];
            if (c < 0x80)
            {
                if (Unreserved.Contains((byte)c) || (keepSlash && c == '/'))
                {
                    builder.Append(c);
                }
                else
                {
                    AppendPercent(ref builder, (byte)c);
                }

                index++;
                continue;
            }

            // Encode the UTF-8 bytes of one scalar (a surrogate pair takes two chars).
            var length = char.IsHighSurrogate(c) && index + 1 < text.Length ? 2 : 1;
            var written = Encoding.UTF8.GetBytes(text.Slice(index, length), utf8);
            for (var i = 0; i < written; i++)
            {
                AppendPercent(ref builder, utf8[i]);
            }

            index += length;
        }
    }

    /// <summary>
    /// Appends the canonical URI of <paramref name="path"/>: with <paramref name="normalize"/>, dot segments removed and
    /// repeated slashes collapsed (RFC 3986 §5.2.4, as every service but S3 expects), then URI-encoded once more.
    /// </summary>
    public static void AppendCanonicalPath(ref PooledCharBuilder builder, ReadOnlySpan<char> path, bool normalize)
    {
        if (path.IsEmpty)
        {
            builder.Append('/');
            return;
        }

        if (!normalize || !NeedsNormalizing(path))
        {
            AppendUriEncoded(ref builder, path, keepSlash: true);
            return;
        }

        var segments = new List<Range>();
        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (segment.IsEmpty || segment is ".")
            {
                continue;
            }

            if (segment is "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(range);
        }

        builder.Append('/');
        foreach (var range in segments)
        {
            AppendUriEncoded(ref builder, path[range], keepSlash: false);
            builder.Append('/');
        }

        var endsWithSlash = path[^1] == '/' || path.EndsWith("/.", StringComparison.Ordinal) || path.EndsWith("/..", StringComparison.Ordinal);
        if (segments.Count > 0 && !endsWithSlash)
        {
            builder.TrimLast();
        }
    }

    /// <summary>
    /// Appends the canonical query string: each name and value decoded, then URI-encoded, sorted by name then value.
    /// </summary>
    public static void AppendCanonicalQuery(ref PooledCharBuilder builder, ReadOnlySpan<char> query)
    {
        if (!query.IsEmpty && query[0] == '?')
        {
            query = query[1..];
        }

        if (query.IsEmpty)
        {
            return;
        }

        var pairs = new List<(string Name, string Value)>();
        foreach (var range in query.Split('&'))
        {
            var part = query[range];
            if (part.IsEmpty)
            {
                continue;
            }

            var eq = part.IndexOf('=');
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? [] : part[(eq + 1)..];
            pairs.Add((Encode(name), Encode(value)));
        }

        pairs.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });

        for (var i = 0; i < pairs.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('&');
            }

            builder.Append(pairs[i].Name);
            builder.Append('=');
            builder.Append(pairs[i].Value);
        }

        static string Encode(ReadOnlySpan<char> raw)
        {
            var decoded = Uri.UnescapeDataString(raw.ToString());
            var inner = new PooledCharBuilder(decoded.Length * 3 + 8);
            try
            {
                AppendUriEncoded(ref inner, decoded, keepSlash: false);
                return inner.ToString();
            }
            finally
            {
                inner.Dispose();
            }
        }
    }

    /// <summary>Appends a header value trimmed, with every run of white space (folded lines included) collapsed to one space.</summary>
    public static void AppendCanonicalHeaderValue(ref PooledCharBuilder builder, ReadOnlySpan<char> value)
    {
        value = value.Trim();
        var pendingSpace = false;
        foreach (var c in value)
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }
    }

    private static bool NeedsNormalizing(ReadOnlySpan<char> path) =>
        path[0] != '/' || path.Contains("//", StringComparison.Ordinal) || path.Contains("/.", StringComparison.Ordinal);

    private static void AppendPercent(ref PooledCharBuilder builder, byte value)
    {
        var span = builder.AppendSpan(3);
        span[0] = '%';
        span[1] = HexUpper[value >> 4];
        span[2] = HexUpper[value & 0xF];
    }
}
