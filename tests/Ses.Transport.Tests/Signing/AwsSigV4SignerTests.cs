using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Ses.Transport.Credentials;
using Ses.Transport.Signing;

namespace Ses.Transport.Tests.Signing;

public class AwsSigV4SignerTests
{
    public static TheoryData<string> Vectors => SigV4TestVector.Names();

    [Fact]
    public void TestSuite_AllVectorsPresent_ThirtyEightCases()
    {
        Assert.Equal(38, Vectors.Count);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void CanonicalRequest_OfficialVector_MatchesExpected(string name)
    {
        var vector = SigV4TestVector.Load(name);
        var amzDate = AwsSigV4Signer.FormatAmzDate(vector.Timestamp);

        var canonical = AwsSigV4Signer.CanonicalRequest(vector.Method, vector.Path, vector.Query, vector.HeadersToSign(amzDate), vector.PayloadHash(), vector.Normalize);

        Assert.Equal(vector.Expected("header-canonical-request.txt"), canonical);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void StringToSign_OfficialVector_MatchesExpected(string name)
    {
        var vector = SigV4TestVector.Load(name);
        var signer = new AwsSigV4Signer(vector.Region, vector.Service);
        var amzDate = AwsSigV4Signer.FormatAmzDate(vector.Timestamp);

        var stringToSign = signer.StringToSign(vector.Expected("header-canonical-request.txt"), amzDate);

        Assert.Equal(vector.Expected("header-string-to-sign.txt"), stringToSign);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void ComputeAuthorization_OfficialVector_MatchesSignedRequest(string name)
    {
        var vector = SigV4TestVector.Load(name);
        var signer = new AwsSigV4Signer(vector.Region, vector.Service);
        var amzDate = AwsSigV4Signer.FormatAmzDate(vector.Timestamp);

        var authorization = signer.ComputeAuthorization(
            vector.Method, vector.Path, vector.Query, vector.HeadersToSign(amzDate), vector.PayloadHash(), vector.Credentials, amzDate, vector.Normalize);

        var expectedLine = vector.Expected("header-signed-request.txt").Split('\n').Single(l => l.StartsWith("Authorization:", StringComparison.Ordinal));
        Assert.Equal(expectedLine["Authorization:".Length..], authorization);
        Assert.EndsWith("Signature=" + vector.Expected("header-signature.txt").Trim(), authorization, StringComparison.Ordinal);
    }

    [Fact]
    public void ComputeAuthorization_OneByteChangedInBody_DifferentSignature()
    {
        var vector = SigV4TestVector.Load("post-x-www-form-urlencoded");
        var signer = new AwsSigV4Signer(vector.Region, vector.Service);
        var amzDate = AwsSigV4Signer.FormatAmzDate(vector.Timestamp);
        var headers = vector.HeadersToSign(amzDate);
        var original = signer.ComputeAuthorization(vector.Method, vector.Path, vector.Query, headers, vector.PayloadHash(), vector.Credentials, amzDate, true);

        var body = vector.Body.ToArray();
        body[^1] ^= 1;
        var changed = signer.ComputeAuthorization(vector.Method, vector.Path, vector.Query, headers, SHA256.HashData(body), vector.Credentials, amzDate, true);

        Assert.NotEqual(original, changed);
    }

    [Fact]
    public void Sign_HttpRequest_SetsDateTokenAndAuthorizationOverSignedHeaders()
    {
        var signer = new AwsSigV4Signer("eu-west-1", "ses");
        var body = "{\"Content\":{}}"u8.ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://email.eu-west-1.amazonaws.com/v2/email/outbound-emails")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var credentials = new AwsCredentials("AKIDEXAMPLE", "secret", "session-token");
        var time = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

        signer.Sign(request, SHA256.HashData(body), credentials, time);

        Assert.Equal("20261128T100000Z", request.Headers.GetValues("x-amz-date").Single());
        Assert.Equal("session-token", request.Headers.GetValues("x-amz-security-token").Single());
        var authorization = request.Headers.GetValues("Authorization").Single();
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/eu-west-1/ses/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=", authorization, StringComparison.Ordinal);

        // The same request through the parts API gives the same header.
        var expected = signer.ComputeAuthorization("POST", "/v2/email/outbound-emails", "",
            [new("Host", "email.eu-west-1.amazonaws.com"), new("Content-Type", "application/json"), new("X-Amz-Date", "20261128T100000Z"), new("X-Amz-Security-Token", "session-token")],
            SHA256.HashData(body), credentials, "20261128T100000Z", true);
        Assert.Equal(expected, authorization);
    }

    [Fact]
    public void Sign_SameRequestTwice_ReplacesHeadersInsteadOfDuplicating()
    {
        var signer = new AwsSigV4Signer("us-east-1", "ses");
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://email.us-east-1.amazonaws.com/v2/email/account");
        var credentials = new AwsCredentials("AKIDEXAMPLE", "secret");

        signer.Sign(request, AwsSigV4Signer.EmptyPayloadHash, credentials, DateTimeOffset.UnixEpoch);
        signer.Sign(request, AwsSigV4Signer.EmptyPayloadHash, credentials, DateTimeOffset.UnixEpoch.AddDays(1));

        Assert.Single(request.Headers.GetValues("Authorization"));
        Assert.Equal("19700102T000000Z", request.Headers.GetValues("x-amz-date").Single());
    }

    [Fact]
    public void EmptyPayloadHash_IsSha256OfNothing()
    {
        Assert.Equal(SHA256.HashData([]), AwsSigV4Signer.EmptyPayloadHash.ToArray());
    }

    [Fact]
    public void ComputeAuthorization_DifferentDay_UsesNewSigningKey()
    {
        var signer = new AwsSigV4Signer("us-east-1", "service");
        var credentials = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        List<KeyValuePair<string, string>> Headers(string date) => [new("host", "example.amazonaws.com"), new("x-amz-date", date)];

        var day1 = signer.ComputeAuthorization("GET", "/", null, Headers("20150830T123600Z"), AwsSigV4Signer.EmptyPayloadHash, credentials, "20150830T123600Z", true);
        var day2 = signer.ComputeAuthorization("GET", "/", null, Headers("20150831T123600Z"), AwsSigV4Signer.EmptyPayloadHash, credentials, "20150831T123600Z", true);
        var day1Again = signer.ComputeAuthorization("GET", "/", null, Headers("20150830T123600Z"), AwsSigV4Signer.EmptyPayloadHash, credentials, "20150830T123600Z", true);

        Assert.EndsWith("Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", day1, StringComparison.Ordinal);
        Assert.Equal(day1, day1Again);
        Assert.NotEqual(day1, day2);
        Assert.Contains("/20150831/", day2, StringComparison.Ordinal);
    }

    [Fact]
    public void ComputeAuthorization_Output_NeverContainsSecretOrToken()
    {
        var signer = new AwsSigV4Signer("us-east-1", "ses");
        var credentials = new AwsCredentials("AKIDEXAMPLE", "super-secret-key", "token-value");

        var authorization = signer.ComputeAuthorization("GET", "/", null, [new("host", "h"), new("x-amz-date", "20150830T123600Z")], AwsSigV4Signer.EmptyPayloadHash, credentials, "20150830T123600Z", true);

        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/ses/aws4_request, SignedHeaders=", authorization, StringComparison.Ordinal);
        Assert.Matches("Signature=[0-9a-f]{64}$", authorization);
        Assert.DoesNotContain("super-secret-key", authorization, StringComparison.Ordinal);
        Assert.DoesNotContain("token-value", authorization, StringComparison.Ordinal);
        Assert.Contains("AKIDEXAMPLE", credentials.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("super-secret-key", credentials.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void HashPayload_RepeatedOnOneThread_EqualsOneShotSha256()
    {
        var first = new byte[32];
        var second = new byte[32];

        AwsSigV4Signer.HashPayload("first body"u8, first);
        AwsSigV4Signer.HashPayload("second body"u8, second);

        Assert.Equal(SHA256.HashData("first body"u8), first);
        Assert.Equal(SHA256.HashData("second body"u8), second);
    }

    [Fact]
    public async Task ComputeAuthorization_ConcurrentThreadsAndKeys_EachMatchesSingleThreadedResult()
    {
        var signer = new AwsSigV4Signer("us-east-1", "service");
        var vector = SigV4TestVector.Load("get-vanilla");
        var amzDate = AwsSigV4Signer.FormatAmzDate(vector.Timestamp);
        var headers = vector.HeadersToSign(amzDate);
        var other = new AwsCredentials("AKIDOTHER", "another-secret");
        var expectedOther = new AwsSigV4Signer("us-east-1", "service").ComputeAuthorization("GET", "/", null, headers, AwsSigV4Signer.EmptyPayloadHash, other, amzDate, true);

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() =>
        {
            var credentials = i % 2 == 0 ? vector.Credentials : other;
            return (i, signer.ComputeAuthorization("GET", "/", null, headers, AwsSigV4Signer.EmptyPayloadHash, credentials, amzDate, true));
        })));

        foreach (var (i, authorization) in results)
        {
            var expected = i % 2 == 0 ? "Signature=" + vector.Expected("header-signature.txt").Trim() : expectedOther[expectedOther.IndexOf("Signature=", StringComparison.Ordinal)..];
            Assert.EndsWith(expected, authorization, StringComparison.Ordinal);
        }
    }
}
