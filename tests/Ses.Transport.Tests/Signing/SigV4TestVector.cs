using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ses.Transport.Credentials;

namespace Ses.Transport.Tests.Signing;

/// <summary>One case of the official AWS SigV4 test suite (TestData/sigv4/v4, see its README for origin and licence).</summary>
public sealed class SigV4TestVector
{
    private SigV4TestVector(string name, string directory)
    {
        Name = name;
        Directory = directory;
    }

    public string Name { get; }

    public string Directory { get; }

    public string Method { get; private set; } = "";

    public string Path { get; private set; } = "";

    public string? Query { get; private set; }

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public byte[] Body { get; private set; } = [];

    public AwsCredentials Credentials { get; private set; } = null!;

    public string Region { get; private set; } = "";

    public string Service { get; private set; } = "";

    public DateTimeOffset Timestamp { get; private set; }

    public bool Normalize { get; private set; }

    public bool SignBody { get; private set; }

    public bool OmitSessionToken { get; private set; }

    public static string Root => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", "sigv4", "v4");

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var dir in System.IO.Directory.GetDirectories(Root).Order(StringComparer.Ordinal))
        {
            data.Add(System.IO.Path.GetFileName(dir));
        }

        return data;
    }

    public string Expected(string file) => File.ReadAllText(System.IO.Path.Combine(Directory, file));

    public byte[] PayloadHash() => SHA256.HashData(Body);

    /// <summary>The headers the signer must sign: the request's, plus x-amz-date, the token and the body hash as the context says.</summary>
    public List<KeyValuePair<string, string>> HeadersToSign(string amzDate)
    {
        var headers = new List<KeyValuePair<string, string>>(Headers) { new("X-Amz-Date", amzDate) };
        if (Credentials.SessionToken is { } token && !OmitSessionToken)
        {
            headers.Add(new("X-Amz-Security-Token", token));
        }

        if (SignBody)
        {
            headers.Add(new("X-Amz-Content-Sha256", Convert.ToHexStringLower(PayloadHash())));
        }

        return headers;
    }

    public static SigV4TestVector Load(string name)
    {
        var vector = new SigV4TestVector(name, System.IO.Path.Combine(Root, name));
        using (var context = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(vector.Directory, "context.json"))))
        {
            var root = context.RootElement;
            var credentials = root.GetProperty("credentials");
            vector.Credentials = new AwsCredentials(
                credentials.GetProperty("access_key_id").GetString()!,
                credentials.GetProperty("secret_access_key").GetString()!,
                credentials.TryGetProperty("token", out var token) ? token.GetString() : null);
            vector.Region = root.GetProperty("region").GetString()!;
            vector.Service = root.GetProperty("service").GetString()!;
            vector.Timestamp = DateTimeOffset.Parse(root.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            vector.Normalize = root.GetProperty("normalize").GetBoolean();
            vector.SignBody = root.GetProperty("sign_body").GetBoolean();
            vector.OmitSessionToken = root.TryGetProperty("omit_session_token", out var omit) && omit.GetBoolean();
        }

        // request.txt: "METHOD PATH HTTP/1.1", then "Name:value" lines (continuation lines start with white space),
        // a blank line, the body. The path may contain spaces.
        var text = File.ReadAllText(System.IO.Path.Combine(vector.Directory, "request.txt"), Encoding.UTF8);
        var blank = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = blank < 0 ? text : text[..blank];
        vector.Body = blank < 0 ? [] : Encoding.UTF8.GetBytes(text[(blank + 2)..]);
        var lines = head.Split('\n');
        var requestLine = lines[0];
        vector.Method = requestLine[..requestLine.IndexOf(' ', StringComparison.Ordinal)];
        var target = requestLine[(vector.Method.Length + 1)..requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal)];
        var q = target.IndexOf('?', StringComparison.Ordinal);
        vector.Path = q < 0 ? target : target[..q];
        vector.Query = q < 0 ? null : target[(q + 1)..];
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (char.IsWhiteSpace(line[0]) && vector.Headers.Count > 0)
            {
                var last = vector.Headers[^1];
                vector.Headers[^1] = new(last.Key, last.Value + "\n" + line);
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            vector.Headers.Add(new(line[..colon], line[(colon + 1)..]));
        }

        return vector;
    }

    public override string ToString() => Name;
}
