using System.Security.Cryptography;
using System.Text;
using Ses.Transport.Credentials;
using Ses.Transport.Testing.Internal;
using Ses.Transport.Tests.Signing;

namespace Ses.Transport.Testing.Tests.Sandbox;

/// <summary>
/// The sandbox's SigV4 verifier against the official AWS SigV4 test suite: every signed request of the suite is
/// accepted with the suite's fixed time and credentials; changed bytes, old dates, wrong scopes and keys are not.
/// </summary>
public class SigV4VerifierTests
{
    public static TheoryData<string> Vectors => SigV4TestVector.Names();

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_OfficialSignedRequest_Accepted(string name)
    {
        var (vector, request) = SignedRequest(name);

        var verdict = Verifier(vector).Verify(request, vector.Timestamp);

        Assert.True(verdict.IsValid, $"{name}: {verdict.Failure} {verdict.Message}");
    }

    [Fact]
    public void Verify_OneByteChangedInBody_SignatureMismatch()
    {
        var (vector, request) = SignedRequest("post-x-www-form-urlencoded");
        var body = vector.Body.ToArray();
        body[^1] ^= 1;

        var verdict = Verifier(vector).Verify(request with { PayloadSha256 = SHA256.HashData(body) }, vector.Timestamp);

        Assert.Equal(SigV4Failure.SignatureMismatch, verdict.Failure);
    }

    [Fact]
    public void Verify_OneByteChangedInSignedHeader_SignatureMismatch()
    {
        var (vector, request) = SignedRequest("get-header-value-trim");
        var headers = request.Headers.Select(h => h.Key == "My-Header1" ? new KeyValuePair<string, string>(h.Key, h.Value.Replace("value1", "value2", StringComparison.Ordinal)) : h).ToList();

        var verdict = Verifier(vector).Verify(request with { Headers = headers }, vector.Timestamp);

        Assert.Equal(SigV4Failure.SignatureMismatch, verdict.Failure);
    }

    [Fact]
    public void Verify_OneByteChangedInPath_SignatureMismatch()
    {
        var (vector, request) = SignedRequest("get-vanilla");

        var verdict = Verifier(vector).Verify(request with { Path = "/a" }, vector.Timestamp);

        Assert.Equal(SigV4Failure.SignatureMismatch, verdict.Failure);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(60 * 24)]
    public void Verify_DateOlderThanFiveMinutes_Expired(int minutesLater)
    {
        var (vector, request) = SignedRequest("get-vanilla");

        var verdict = Verifier(vector).Verify(request, vector.Timestamp.AddMinutes(minutesLater));

        Assert.Equal(SigV4Failure.Expired, verdict.Failure);
        Assert.StartsWith("Signature expired: 20150830T123600Z", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_DateMoreThanFiveMinutesAhead_Expired()
    {
        var (vector, request) = SignedRequest("get-vanilla");

        var verdict = Verifier(vector).Verify(request, vector.Timestamp.AddMinutes(-6));

        Assert.Equal(SigV4Failure.Expired, verdict.Failure);
        Assert.StartsWith("Signature not yet current", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_DateWithinFiveMinutes_Accepted()
    {
        var (vector, request) = SignedRequest("get-vanilla");

        Assert.True(Verifier(vector).Verify(request, vector.Timestamp.AddMinutes(4)).IsValid);
        Assert.True(Verifier(vector).Verify(request, vector.Timestamp.AddMinutes(-4)).IsValid);
    }

    [Fact]
    public void Verify_ScopeForAnotherRegion_InvalidScope()
    {
        var (vector, request) = SignedRequest("get-vanilla");
        var verifier = new SigV4Verifier("eu-west-1", vector.Service, vector.Credentials);

        var verdict = verifier.Verify(request, vector.Timestamp);

        Assert.Equal(SigV4Failure.InvalidScope, verdict.Failure);
        Assert.Contains("region", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ScopeForAnotherService_InvalidScope()
    {
        var (vector, request) = SignedRequest("get-vanilla");
        var verifier = new SigV4Verifier(vector.Region, "ses", vector.Credentials);

        var verdict = verifier.Verify(request, vector.Timestamp);

        Assert.Equal(SigV4Failure.InvalidScope, verdict.Failure);
        Assert.Contains("'ses'", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ScopeDateNotTheRequestDate_InvalidScope()
    {
        var (vector, request) = SignedRequest("get-vanilla");
        var headers = request.Headers.Select(h => h.Key == "Authorization"
            ? new KeyValuePair<string, string>(h.Key, h.Value.Replace("/20150830/", "/20150831/", StringComparison.Ordinal))
            : h).ToList();

        var verdict = Verifier(vector).Verify(request with { Headers = headers }, vector.Timestamp);

        Assert.Equal(SigV4Failure.InvalidScope, verdict.Failure);
    }

    [Fact]
    public void Verify_UnknownAccessKey_UnrecognizedClient()
    {
        var (vector, request) = SignedRequest("get-vanilla");
        var verifier = new SigV4Verifier(vector.Region, vector.Service, new AwsCredentials("AKIDOTHER", vector.Credentials.SecretAccessKey));

        Assert.Equal(SigV4Failure.UnrecognizedClient, verifier.Verify(request, vector.Timestamp).Failure);
    }

    [Fact]
    public void Verify_WrongSecret_SignatureMismatch()
    {
        var (vector, request) = SignedRequest("get-vanilla");
        var verifier = new SigV4Verifier(vector.Region, vector.Service, new AwsCredentials(vector.Credentials.AccessKeyId, "another-secret"));

        Assert.Equal(SigV4Failure.SignatureMismatch, verifier.Verify(request, vector.Timestamp).Failure);
    }

    [Fact]
    public void Verify_NoAuthorizationHeader_MissingAuthentication()
    {
        var (vector, request) = SignedRequest("get-vanilla");

        var verdict = Verifier(vector).Verify(request with { Headers = [.. request.Headers.Where(h => h.Key != "Authorization")] }, vector.Timestamp);

        Assert.Equal(SigV4Failure.MissingAuthentication, verdict.Failure);
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=00")]
    [InlineData("AWS4-HMAC-SHA1 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host, Signature=00")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=x-amz-date, Signature=00")]
    public void Verify_MalformedAuthorization_IncompleteSignature(string authorization)
    {
        var (vector, request) = SignedRequest("get-vanilla");
        var headers = request.Headers.Select(h => h.Key == "Authorization" ? new KeyValuePair<string, string>(h.Key, authorization) : h).ToList();

        Assert.Equal(SigV4Failure.IncompleteSignature, Verifier(vector).Verify(request with { Headers = headers }, vector.Timestamp).Failure);
    }

    [Fact]
    public void Verify_Refusal_MessageCarriesNoSecret()
    {
        var (vector, request) = SignedRequest("get-vanilla");
        var verifier = new SigV4Verifier(vector.Region, vector.Service, new AwsCredentials(vector.Credentials.AccessKeyId, "another-secret"));

        var verdict = verifier.Verify(request, vector.Timestamp);

        Assert.DoesNotContain(vector.Credentials.SecretAccessKey, verdict.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(vector.Expected("header-signature.txt").Trim(), verdict.Message, StringComparison.Ordinal);
    }

    private static SigV4Verifier Verifier(SigV4TestVector vector) =>
        new(vector.Region, vector.Service, vector.Credentials, vector.Normalize);

    /// <summary>The suite's <c>header-signed-request.txt</c> (request line, headers with the Authorization, body) as the verifier sees it.</summary>
    private static (SigV4TestVector Vector, SigV4Request Request) SignedRequest(string name)
    {
        var vector = SigV4TestVector.Load(name);
        var text = vector.Expected("header-signed-request.txt");
        var blank = text.IndexOf("\n\n", StringComparison.Ordinal);
        var lines = (blank < 0 ? text : text[..blank]).Split('\n');
        var requestLine = lines[0];
        var method = requestLine[..requestLine.IndexOf(' ', StringComparison.Ordinal)];
        var target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal)];
        var q = target.IndexOf('?', StringComparison.Ordinal);
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            if (char.IsWhiteSpace(line[0]) && headers.Count > 0)
            {
                headers[^1] = new(headers[^1].Key, headers[^1].Value + "\n" + line);
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }

        return (vector, new SigV4Request(method, q < 0 ? target : target[..q], q < 0 ? null : target[(q + 1)..], headers, SHA256.HashData(vector.Body)));
    }
}
