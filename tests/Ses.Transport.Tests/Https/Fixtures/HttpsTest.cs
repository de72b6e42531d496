using System.Globalization;
using System.Text;
using System.Text.Json;
using MimeKit;
using Ses.Transport.Credentials;
using Ses.Transport.Https;
using Ses.Transport.Signing;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Tests.Https.Fixtures;

/// <summary>Shared settings of the HTTPS tests: credentials, options pointed at a local endpoint, messages, checks.</summary>
internal static class HttpsTest
{
    public const string AccessKeyId = "AKIDEXAMPLE";

    /// <summary>Never to appear in a log or an exception.</summary>
    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    public const string SessionToken = "IQoJb3JpZ2luX2VjEXAMPLE-session-token-value";

    public const string Region = "eu-west-1";

    public static AwsCredentials Credentials => new(AccessKeyId, SecretAccessKey);

    public static HttpsTransportOptions Options(Uri serviceUrl, IAwsCredentialsProvider? credentials = null, Action<HttpsTransportOptions>? configure = null)
    {
        var options = new HttpsTransportOptions
        {
            Region = Region,
            ServiceUrl = serviceUrl,
            CredentialsProvider = credentials ?? new StaticCredentialsProvider(Credentials),
            OperationTimeout = TimeSpan.FromSeconds(30),
        };
        options.Tls.TrustAnchors.Add(TestCertificates.Authority);
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(5);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(20);
        options.Retry.TotalTimeout = TimeSpan.FromSeconds(60);
        configure?.Invoke(options);
        return options;
    }

    public static MimeMessage Message(string? subject = null)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Sender", "sender@example.com"));
        message.To.Add(new MailboxAddress("Receiver", "receiver@example.net"));
        message.Subject = subject ?? "HTTPS test " + Guid.NewGuid().ToString("N");
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.com");
        message.Body = new TextPart("plain") { Text = "Hello over the SES v2 API.\r\nSecond line: äöü." };
        return message;
    }

    /// <summary>The MIME bytes of <paramref name="message"/> as the transport writes them (CRLF, no Bcc).</summary>
    public static byte[] Wire(MimeMessage message)
    {
        using var stream = new MemoryStream();
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        format.International = false;
        format.HiddenHeaders.Add(HeaderId.Bcc);
        message.WriteTo(format, stream);
        return stream.ToArray();
    }

    public static JsonElement Json(RecordedRequest request) => JsonDocument.Parse(request.Body).RootElement;

    public static byte[] RawData(RecordedRequest request) =>
        Convert.FromBase64String(Json(request).GetProperty("Content").GetProperty("Raw").GetProperty("Data").GetString()!);

    /// <summary>
    /// Recomputes the request's SigV4 signature server-side from what arrived (the signed headers it names, the body,
    /// the date) with <paramref name="credentials"/>, and returns the Authorization header that should have been sent.
    /// </summary>
    public static string ExpectedAuthorization(RecordedRequest request, AwsCredentials credentials, string region = Region)
    {
        var authorization = request.Header("authorization")!;
        var signedHeaders = authorization[(authorization.IndexOf("SignedHeaders=", StringComparison.Ordinal) + "SignedHeaders=".Length)..];
        signedHeaders = signedHeaders[..signedHeaders.IndexOf(',', StringComparison.Ordinal)];
        var headers = signedHeaders.Split(';').Select(name => new KeyValuePair<string, string>(name, request.Header(name)!)).ToList();
        var hash = new byte[32];
        AwsSigV4Signer.HashPayload(request.Body, hash);
        var signer = new AwsSigV4Signer(region, SesApiEndpoint.SigningService);
        return signer.ComputeAuthorization(
            request.Method, request.Path, request.QueryString, headers, hash, credentials, request.Header("x-amz-date")!, normalizePath: true);
    }

    public static DateTimeOffset AmzDate(RecordedRequest request) =>
        DateTimeOffset.ParseExact(request.Header("x-amz-date")!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static void AssertNoSecret(string text)
    {
        Assert.DoesNotContain(SecretAccessKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(SessionToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature=", text, StringComparison.Ordinal);
    }

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
