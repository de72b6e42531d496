using System.Security.Cryptography;
using System.Text;

namespace Ses.Transport.Signing.Internal;

/// <summary>
/// The SigV4 signing key for one (secret, date, region, service), cached: it changes once a day per credential,
/// so deriving it (four HMACs) for every request is waste. Thread-safe through an immutable entry swapped atomically.
/// </summary>
internal sealed class SigningKeyCache
{
    private Entry? _entry;

    /// <summary>The cached signing key for the given scope, derived when the scope or the secret changed.</summary>
    public Entry GetEntry(string secretAccessKey, ReadOnlySpan<char> date, string region, string service)
    {
        var entry = Volatile.Read(ref _entry);
        if (entry is not null
            && (ReferenceEquals(entry.Secret, secretAccessKey) || string.Equals(entry.Secret, secretAccessKey, StringComparison.Ordinal))
            && date.SequenceEqual(entry.Date)
            && string.Equals(entry.Region, region, StringComparison.Ordinal)
            && string.Equals(entry.Service, service, StringComparison.Ordinal))
        {
            return entry;
        }

        var key = new byte[32];
        Derive(secretAccessKey, date, region, service, key);
        entry = new Entry(secretAccessKey, date.ToString(), region, service, key);
        Volatile.Write(ref _entry, entry);
        return entry;
    }

    /// <summary>kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").</summary>
    public static void Derive(string secretAccessKey, ReadOnlySpan<char> date, string region, string service, Span<byte> destination)
    {
        var secret = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
        Span<byte> scratch = stackalloc byte[128];
        try
        {
            HMACSHA256.HashData(secret, Utf8(date, scratch), destination);
            HMACSHA256.HashData(destination, Utf8(region, scratch), destination);
            HMACSHA256.HashData(destination, Utf8(service, scratch), destination);
            HMACSHA256.HashData(destination, "aws4_request"u8, destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private static ReadOnlySpan<byte> Utf8(ReadOnlySpan<char> text, Span<byte> scratch) =>
        Encoding.UTF8.GetByteCount(text) <= scratch.Length
            ? scratch[..Encoding.UTF8.GetBytes(text, scratch)]
            : Encoding.UTF8.GetBytes(text.ToArray());

    /// <summary>One derived key and the scope it belongs to. Compared by reference to know when a cached HMAC is stale.</summary>
    internal sealed class Entry(string secret, string date, string region, string service, byte[] key)
    {
        public string Secret { get; } = secret;

        public string Date { get; } = date;

        public string Region { get; } = region;

        public string Service { get; } = service;

        public byte[] Key { get; } = key;
    }
}
