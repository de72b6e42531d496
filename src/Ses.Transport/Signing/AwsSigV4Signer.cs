using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ses.Transport.Credentials;
using Ses.Transport.Signing.Internal;

namespace Ses.Transport.Signing;

/// <summary>
/// AWS Signature Version 4 for HTTP requests (header signing): canonical request, string to sign, signing key,
/// <c>Authorization</c> header, <c>X-Amz-Date</c> and <c>X-Amz-Security-Token</c>. Proven against the official
/// AWS SigV4 test suite. Thread-safe; the signing key is cached per (secret, date, region, service).
/// </summary>
internal sealed class AwsSigV4Signer
{
    /// <summary>The algorithm name in the string to sign and the <c>Authorization</c> header.</summary>
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The header carrying the request time (<c>yyyyMMddTHHmmssZ</c>).</summary>
    public const string DateHeader = "x-amz-date";

    /// <summary>The header carrying a session token.</summary>
    public const string SecurityTokenHeader = "x-amz-security-token";

    private readonly SigningKeyCache _keys = new();

    /// <summary>Creates a signer for one region and service (for SES: <c>ses</c>).</summary>
    public AwsSigV4Signer(string region, string service)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentException.ThrowIfNullOrEmpty(service);
        Region = region;
        Service = service;
    }

    /// <summary>The region in the credential scope.</summary>
    public string Region { get; }

    /// <summary>The service in the credential scope.</summary>
    public string Service { get; }

    /// <summary>
    /// Signs <paramref name="request"/> in place: sets <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c> (when the
    /// credentials have one) and <c>Authorization</c>. Signed headers: host, content-type (when there is content),
    /// x-amz-date and x-amz-security-token; other headers are sent unsigned.
    /// </summary>
    /// <param name="request">The request; its URI must be absolute.</param>
    /// <param name="payloadSha256">The SHA-256 of the body (32 bytes), computed once by the caller.</param>
    /// <param name="credentials">The credentials.</param>
    /// <param name="signingTime">The request time.</param>
    public void Sign(HttpRequestMessage request, ReadOnlySpan<byte> payloadSha256, AwsCredentials credentials, DateTimeOffset signingTime)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException("The request URI must be absolute.", nameof(request));
        }

        var amzDate = FormatAmzDate(signingTime);
        request.Headers.Remove(DateHeader);
        request.Headers.Remove(SecurityTokenHeader);
        request.Headers.Authorization = null;
        request.Headers.TryAddWithoutValidation(DateHeader, amzDate);
        if (credentials.SessionToken is { } token)
        {
            request.Headers.TryAddWithoutValidation(SecurityTokenHeader, token);
        }

        var headers = ArrayPool<KeyValuePair<string, string>>.Shared.Rent(4);
        var count = 0;
        headers[count++] = new("host", request.Headers.Host ?? uri.Authority);
        headers[count++] = new(DateHeader, amzDate);
        if (credentials.SessionToken is { } sessionToken)
        {
            headers[count++] = new(SecurityTokenHeader, sessionToken);
        }

        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers[count++] = new("content-type", contentType.ToString());
        }

        try
        {
            var authorization = ComputeAuthorization(
                request.Method.Method, uri.AbsolutePath, uri.Query, new ArraySegment<KeyValuePair<string, string>>(headers, 0, count), payloadSha256, credentials, amzDate, normalizePath: true);
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        finally
        {
            Array.Clear(headers, 0, count);
            ArrayPool<KeyValuePair<string, string>>.Shared.Return(headers);
        }
    }

    /// <summary>
    /// The <c>Authorization</c> header value for a request given as parts. Every header in
    /// <paramref name="headers"/> is signed (names in any case, duplicates joined with commas).
    /// </summary>
    public string ComputeAuthorization(
        string method,
        string path,
        string? query,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        ReadOnlySpan<byte> payloadSha256,
        AwsCredentials credentials,
        string amzDate,
        bool normalizePath)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var date = amzDate.AsSpan(0, 8);
        Span<byte> canonicalHash = stackalloc byte[32];
        Span<byte> signature = stackalloc byte[32];

        var canonical = new PooledCharBuilder(512);
        var signedHeaders = new PooledCharBuilder(128);
        try
        {
            WriteCanonicalRequest(ref canonical, ref signedHeaders, method, path, query, headers, payloadSha256, normalizePath);
            HashUtf8(canonical.Written, canonicalHash);
            ComputeSignature(credentials.SecretAccessKey, amzDate, canonicalHash, signature);

            var auth = new PooledCharBuilder(256);
            try
            {
                auth.Append(Algorithm);
                auth.Append(" Credential=");
                auth.Append(credentials.AccessKeyId);
                auth.Append('/');
                AppendScope(ref auth, date);
                auth.Append(", SignedHeaders=");
                auth.Append(signedHeaders.Written);
                auth.Append(", Signature=");
                Convert.TryToHexStringLower(signature, auth.AppendSpan(64), out _);
                return auth.ToString();
            }
            finally
            {
                auth.Dispose();
            }
        }
        finally
        {
            canonical.Dispose();
            signedHeaders.Dispose();
        }
    }

    /// <summary>The canonical request (for tests and diagnostics; the signing path does not allocate it).</summary>
    public static string CanonicalRequest(
        string method, string path, string? query, IReadOnlyList<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> payloadSha256, bool normalizePath)
    {
        var canonical = new PooledCharBuilder(512);
        var signedHeaders = new PooledCharBuilder(128);
        try
        {
            WriteCanonicalRequest(ref canonical, ref signedHeaders, method, path, query, headers, payloadSha256, normalizePath);
            return canonical.ToString();
        }
        finally
        {
            canonical.Dispose();
            signedHeaders.Dispose();
        }
    }

    /// <summary>The string to sign for a canonical request (for tests and diagnostics).</summary>
    public string StringToSign(string canonicalRequest, string amzDate)
    {
        ArgumentNullException.ThrowIfNull(canonicalRequest);
        Span<byte> hash = stackalloc byte[32];
        HashUtf8(canonicalRequest, hash);
        var builder = new PooledCharBuilder(256);
        try
        {
            WriteStringToSign(ref builder, amzDate, hash);
            return builder.ToString();
        }
        finally
        {
            builder.Dispose();
        }
    }

    /// <summary>
    /// The SHA-256 of a request body, on this thread's reused hash context (cheaper than a one-shot hash for small
    /// bodies, where creating the context dominates).
    /// </summary>
    public static void HashPayload(ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        var sha256 = ThreadHashes.Current.Sha256;
        sha256.AppendData(payload);
        sha256.GetHashAndReset(destination);
    }

    /// <summary>Formats a time as SigV4's <c>yyyyMMddTHHmmssZ</c>.</summary>
    public static string FormatAmzDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The hex SHA-256 of an empty body.</summary>
    public static ReadOnlySpan<byte> EmptyPayloadHash =>
    [
        0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
        0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
    ];

    private void ComputeSignature(string secret, string amzDate, ReadOnlySpan<byte> canonicalHash, Span<byte> signature)
    {
        var stringToSign = new PooledCharBuilder(256);
        try
        {
            WriteStringToSign(ref stringToSign, amzDate, canonicalHash);
            var hmac = ThreadHashes.Current.HmacFor(_keys.GetEntry(secret, amzDate.AsSpan(0, 8), Region, Service));
            var chars = stringToSign.Written;
            var bytes = ArrayPool<byte>.Shared.Rent(chars.Length);
            try
            {
                var length = Encoding.UTF8.GetBytes(chars, bytes);
                hmac.AppendData(bytes, 0, length);
                hmac.GetHashAndReset(signature);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }
        finally
        {
            stringToSign.Dispose();
        }
    }

    private void WriteStringToSign(ref PooledCharBuilder builder, string amzDate, ReadOnlySpan<byte> canonicalHash)
    {
        builder.Append(Algorithm);
        builder.Append('\n');
        builder.Append(amzDate);
        builder.Append('\n');
        AppendScope(ref builder, amzDate.AsSpan(0, 8));
        builder.Append('\n');
        Convert.TryToHexStringLower(canonicalHash, builder.AppendSpan(64), out _);
    }

    private void AppendScope(ref PooledCharBuilder builder, ReadOnlySpan<char> date)
    {
        builder.Append(date);
        builder.Append('/');
        builder.Append(Region);
        builder.Append('/');
        builder.Append(Service);
        builder.Append("/aws4_request");
    }

    private static void WriteCanonicalRequest(
        ref PooledCharBuilder canonical,
        ref PooledCharBuilder signedHeaders,
        string method,
        string path,
        string? query,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        ReadOnlySpan<byte> payloadSha256,
        bool normalizePath)
    {
        canonical.Append(method);
        canonical.Append('\n');
        SigV4Encoding.AppendCanonicalPath(ref canonical, path, normalizePath);
        canonical.Append('\n');
        SigV4Encoding.AppendCanonicalQuery(ref canonical, query);
        canonical.Append('\n');

        // Sort header indices by lower-case name (stable insertion sort: a handful of headers, no allocation).
        var count = headers.Count;
        var names = ArrayPool<string>.Shared.Rent(count);
        var order = ArrayPool<int>.Shared.Rent(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                names[i] = headers[i].Key.ToLowerInvariant();
                order[i] = i;
                for (var j = i; j > 0 && string.CompareOrdinal(names[order[j - 1]], names[order[j]]) > 0; j--)
                {
                    (order[j - 1], order[j]) = (order[j], order[j - 1]);
                }
            }

            for (var i = 0; i < count; i++)
            {
                var name = names[order[i]];
                var firstOfName = i == 0 || !string.Equals(names[order[i - 1]], name, StringComparison.Ordinal);
                if (firstOfName)
                {
                    if (i > 0)
                    {
                        canonical.Append('\n');
                        signedHeaders.Append(';');
                    }

                    canonical.Append(name);
                    canonical.Append(':');
                    signedHeaders.Append(name);
                }
                else
                {
                    // Duplicate header names: values joined with commas, in the order given.
                    canonical.Append(',');
                }

                SigV4Encoding.AppendCanonicalHeaderValue(ref canonical, headers[order[i]].Value);
            }
        }
        finally
        {
            Array.Clear(names, 0, count);
            ArrayPool<string>.Shared.Return(names);
            ArrayPool<int>.Shared.Return(order);
        }

        canonical.Append('\n');
        canonical.Append('\n');
        canonical.Append(signedHeaders.Written);
        canonical.Append('\n');
        Convert.TryToHexStringLower(payloadSha256, canonical.AppendSpan(64), out _);
    }

    private static void HashUtf8(ReadOnlySpan<char> text, Span<byte> destination)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, bytes);
            var sha256 = ThreadHashes.Current.Sha256;
            sha256.AppendData(bytes, 0, length);
            sha256.GetHashAndReset(destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>
    /// Hash contexts kept per thread: creating an OpenSSL SHA-256 or HMAC context costs more than hashing a
    /// canonical request, so one SHA-256 context and one HMAC context (for the current signing key) are reused.
    /// </summary>
    private sealed class ThreadHashes
    {
        [ThreadStatic]
        private static ThreadHashes? s_current;

        private SigningKeyCache.Entry? _hmacEntry;
        private IncrementalHash? _hmac;

        public static ThreadHashes Current => s_current ??= new ThreadHashes();

        public IncrementalHash Sha256 { get; } = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public IncrementalHash HmacFor(SigningKeyCache.Entry entry)
        {
            if (!ReferenceEquals(entry, _hmacEntry) || _hmac is null)
            {
                _hmac?.Dispose();
                _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, entry.Key);
                _hmacEntry = entry;
            }

            return _hmac;
        }
    }
}
