using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ses.Transport.Credentials;
using Ses.Transport.Signing;

namespace Ses.Transport.Testing.Internal;

/// <summary>Why a request's SigV4 signature was refused (each maps to SES's status code and error type).</summary>
internal enum SigV4Failure
{
    None,

    /// <summary>No <c>Authorization</c> header: 403 <c>MissingAuthenticationTokenException</c>.</summary>
    MissingAuthentication,

    /// <summary>A malformed header or a signed header missing: 400 <c>IncompleteSignatureException</c>.</summary>
    IncompleteSignature,

    /// <summary>An access key id the sandbox does not know: 403 <c>UnrecognizedClientException</c>.</summary>
    UnrecognizedClient,

    /// <summary>A scope with the wrong date, region, service or terminator: 403 <c>InvalidSignatureException</c>.</summary>
    InvalidScope,

    /// <summary><c>X-Amz-Date</c> more than 5 minutes from the sandbox's clock: 403 <c>InvalidSignatureException</c>.</summary>
    Expired,

    /// <summary>The signature differs: 403 <c>InvalidSignatureException</c>.</summary>
    SignatureMismatch,
}

/// <summary>The verdict on one request.</summary>
internal readonly record struct SigV4Verdict(SigV4Failure Failure, string Message)
{
    public bool IsValid => Failure == SigV4Failure.None;

    public static SigV4Verdict Valid => new(SigV4Failure.None, string.Empty);
}

/// <summary>A request as the verifier sees it: raw path and query as sent, every header (repeats allowed), the body's SHA-256.</summary>
internal sealed record SigV4Request(
    string Method,
    string Path,
    string? Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] PayloadSha256);

/// <summary>
/// Verifies AWS SigV4 header signatures the way SES does: parses <c>Authorization</c>, checks the access key id,
/// the credential scope (date, region, service, <c>aws4_request</c>), the request time (±5 minutes), then recomputes
/// the signature with the library's <see cref="AwsSigV4Signer"/> canonicalisation (proven on the official vectors)
/// over exactly the headers the client signed, and compares in constant time. Messages carry no secret.
/// </summary>
internal sealed class SigV4Verifier
{
    /// <summary>SigV4's allowed clock skew (AWS General Reference, "Signature Version 4 signing process").</summary>
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    private const string SignatureMismatchMessage =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    private readonly AwsSigV4Signer _signer;
    private readonly AwsCredentials _credentials;
    private readonly bool _normalizePath;

    public SigV4Verifier(string region, string service, AwsCredentials credentials, bool normalizePath = true)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _signer = new AwsSigV4Signer(region, service);
        _credentials = credentials;
        _normalizePath = normalizePath;
    }

    public SigV4Verdict Verify(SigV4Request request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = Header(request.Headers, "authorization");
        if (authorization is null)
        {
            return new(SigV4Failure.MissingAuthentication, "Missing Authentication Token");
        }

        if (!TryParseAuthorization(authorization, out var credential, out var signedHeaders, out var signature, out var problem))
        {
            return new(SigV4Failure.IncompleteSignature, problem);
        }

        var scope = credential.Split('/');
        if (scope.Length != 5)
        {
            return new(SigV4Failure.IncompleteSignature, $"Credential should have at least 5 slash-separated parts, not {scope.Length}.");
        }

        if (!string.Equals(scope[0], _credentials.AccessKeyId, StringComparison.Ordinal))
        {
            return new(SigV4Failure.UnrecognizedClient, "The security token included in the request is invalid.");
        }

        var amzDate = Header(request.Headers, AwsSigV4Signer.DateHeader);
        if (amzDate is null || !DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            return new(SigV4Failure.IncompleteSignature, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }

        if (!string.Equals(scope[1], amzDate[..8], StringComparison.Ordinal))
        {
            return new(SigV4Failure.InvalidScope, $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scope[1]}' != '{amzDate[..8]}', from '{amzDate}'.");
        }

        if (!string.Equals(scope[2], _signer.Region, StringComparison.Ordinal))
        {
            return new(SigV4Failure.InvalidScope, $"Credential should be scoped to a valid region, not '{scope[2]}'.");
        }

        if (!string.Equals(scope[3], _signer.Service, StringComparison.Ordinal))
        {
            return new(SigV4Failure.InvalidScope, $"Credential should be scoped to correct service: '{_signer.Service}'.");
        }

        if (!string.Equals(scope[4], "aws4_request", StringComparison.Ordinal))
        {
            return new(SigV4Failure.InvalidScope, $"Credential should be scoped with a valid terminator: 'aws4_request', not '{scope[4]}'.");
        }

        if (signedAt < now - MaxSkew)
        {
            return new(SigV4Failure.Expired, $"Signature expired: {amzDate} is now earlier than {AwsSigV4Signer.FormatAmzDate(now - MaxSkew)} ({AwsSigV4Signer.FormatAmzDate(now)} - 5 min.)");
        }

        if (signedAt > now + MaxSkew)
        {
            return new(SigV4Failure.Expired, $"Signature not yet current: {amzDate} is still later than {AwsSigV4Signer.FormatAmzDate(now + MaxSkew)} ({AwsSigV4Signer.FormatAmzDate(now)} + 5 min.)");
        }

        var names = signedHeaders.Split(';');
        if (!names.Contains("host", StringComparer.Ordinal))
        {
            return new(SigV4Failure.IncompleteSignature, "'Host' must be a signed header.");
        }

        var toSign = new List<KeyValuePair<string, string>>(names.Length + 2);
        foreach (var name in names)
        {
            var found = false;
            foreach (var (key, value) in request.Headers)
            {
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    toSign.Add(new(name, value));
                    found = true;
                }
            }

            if (!found)
            {
                return new(SigV4Failure.IncompleteSignature, $"The signed header '{name}' is missing from the request.");
            }
        }

        // A client that sends x-amz-content-sha256 states the body's hash; it must be the body actually received.
        if (Header(request.Headers, "x-amz-content-sha256") is { } stated
            && !string.Equals(stated, Convert.ToHexStringLower(request.PayloadSha256), StringComparison.OrdinalIgnoreCase))
        {
            return new(SigV4Failure.SignatureMismatch, "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }

        var expected = _signer.ComputeAuthorization(
            request.Method, request.Path, request.Query, toSign, request.PayloadSha256, _credentials, amzDate, _normalizePath);
        var expectedSignature = expected[(expected.LastIndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length)..];
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expectedSignature), Encoding.ASCII.GetBytes(signature.ToLowerInvariant()))
            && signature.Length == 64
            ? SigV4Verdict.Valid
            : new(SigV4Failure.SignatureMismatch, SignatureMismatchMessage);
    }

    private static string? Header(IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        foreach (var (key, value) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value.Trim();
            }
        }

        return null;
    }

    // "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/ses/aws4_request, SignedHeaders=host;x-amz-date, Signature=hex"
    private static bool TryParseAuthorization(string value, out string credential, out string signedHeaders, out string signature, out string problem)
    {
        credential = signedHeaders = signature = string.Empty;
        if (!value.StartsWith(AwsSigV4Signer.Algorithm + " ", StringComparison.Ordinal))
        {
            problem = $"Authorization header requires the '{AwsSigV4Signer.Algorithm}' algorithm.";
            return false;
        }

        foreach (var part in value[(AwsSigV4Signer.Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var key = part[..eq];
            var v = part[(eq + 1)..];
            switch (key)
            {
                case "Credential":
                    credential = v;
                    break;
                case "SignedHeaders":
                    signedHeaders = v;
                    break;
                case "Signature":
                    signature = v;
                    break;
            }
        }

        foreach (var (name, v) in new[] { ("Credential", credential), ("SignedHeaders", signedHeaders), ("Signature", signature) })
        {
            if (v.Length == 0)
            {
                problem = $"Authorization header requires '{name}' parameter.";
                return false;
            }
        }

        problem = string.Empty;
        return true;
    }
}
