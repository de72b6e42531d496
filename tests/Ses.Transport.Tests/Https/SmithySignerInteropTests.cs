using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ses.Transport.Credentials;
using Ses.Transport.Https;
using Ses.Transport.Signing;
using Ses.Transport.Tests.Security;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Tests.Https;

/// <summary>
/// The AWS SDK's own signer (<c>@smithy/signature-v4</c> with <c>@aws-crypto/sha256-js</c>, run by
/// <c>tests/peers/sigv4-sign.mjs</c>) and ours produce the same <c>Authorization</c> header for the same requests.
/// </summary>
public sealed class SmithySignerInteropTests
{
    public sealed record SigningCase(
        string Name, string Method, string Host, string Path, string? Query, byte[]? Body, string Region, DateTimeOffset Date, AwsCredentials Credentials);

    private static readonly AwsCredentials Plain = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static readonly AwsCredentials Session = new("ASIAEXAMPLESESSION", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY", "FQoGZXIvYXdzEXAMPLE//session+token/value==");

    private static IEnumerable<SigningCase> Cases()
    {
        var large = new byte[256 * 1024];
        new Random(7).NextBytes(large);
        var sendEmail = Encoding.UTF8.GetBytes("""{"Content":{"Raw":{"Data":"RnJvbTogYUBleGFtcGxlLmNvbQ0KDQpoaQ=="}},"ConfigurationSetName":"tls-required"}""");
        yield return new("send-email", "POST", "email.eu-west-1.amazonaws.com", SesApiEndpoint.SendEmailPath, null, sendEmail, "eu-west-1", new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero), Plain);
        yield return new("get-account", "GET", "email.us-east-1.amazonaws.com", SesApiEndpoint.AccountPath, null, null, "us-east-1", new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.Zero), Plain);
        yield return new("put-delivery", "PUT", "email-fips.us-gov-west-1.amazonaws.com", "/v2/email/configuration-sets/tls-required/delivery-options", null,
            Encoding.UTF8.GetBytes("""{"TlsPolicy":"REQUIRE"}"""), "us-gov-west-1", new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), Plain);
        yield return new("list-query", "GET", "email.ap-southeast-2.api.aws", SesApiEndpoint.ConfigurationSetsPath, "?PageSize=10&NextToken=a%2Fb%3Dc", null,
            "ap-southeast-2", new DateTimeOffset(2025, 6, 15, 12, 30, 45, TimeSpan.Zero), Plain);
        yield return new("session-token", "POST", "email.eu-central-1.amazonaws.com", SesApiEndpoint.SendEmailPath, null, sendEmail, "eu-central-1",
            new DateTimeOffset(2026, 7, 4, 9, 15, 0, TimeSpan.Zero), Session);
        yield return new("utf8-body", "POST", "email.sa-east-1.amazonaws.com", SesApiEndpoint.ConfigurationSetsPath, null,
            Encoding.UTF8.GetBytes("""{"ConfigurationSetName":"x","Tags":[{"Key":"Grüße","Value":"日本語"}]}"""), "sa-east-1", new DateTimeOffset(2026, 3, 1, 1, 2, 3, TimeSpan.Zero), Session);
        yield return new("large-body-port", "POST", "127.0.0.1:8443", SesApiEndpoint.SendEmailPath, null, large, "eu-west-1", new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero), Plain);
    }

    [Fact]
    public async Task Sign_SameRequests_SameAuthorizationAsSmithySigner()
    {
        Peer.Require(Peer.NodePackage("@smithy/signature-v4") && Peer.NodePackage("@aws-crypto/sha256-js"), "node with @smithy/signature-v4 and @aws-crypto/sha256-js (npm ci in tests/peers)");
        var cases = Cases().ToArray();

        var input = new JsonArray(cases.Select(c => (JsonNode)new JsonObject
        {
            ["method"] = c.Method,
            ["hostname"] = c.Host.Split(':')[0],
            ["port"] = c.Host.Contains(':', StringComparison.Ordinal) ? int.Parse(c.Host.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture) : null,
            ["path"] = c.Path,
            ["query"] = Query(c.Query),
            ["headers"] = Headers(c),
            ["bodyBase64"] = c.Body is null ? null : Convert.ToBase64String(c.Body),
            ["region"] = c.Region,
            ["service"] = SesApiEndpoint.SigningService,
            ["accessKeyId"] = c.Credentials.AccessKeyId,
            ["secretAccessKey"] = c.Credentials.SecretAccessKey,
            ["sessionToken"] = c.Credentials.SessionToken,
            ["date"] = c.Date.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        }).ToArray());
        var run = await ToolRun.RunAsync("node", [Path.Combine(RepoPaths.Peers, "sigv4-sign.mjs")], RepoPaths.Peers, input: Encoding.UTF8.GetBytes(input.ToJsonString()));
        Assert.True(run.ExitCode == 0, run.Error);
        var theirs = JsonDocument.Parse(run.Output).RootElement.EnumerateArray().ToArray();
        Assert.Equal(cases.Length, theirs.Length);

        for (var i = 0; i < cases.Length; i++)
        {
            var c = cases[i];
            using var request = new HttpRequestMessage(new HttpMethod(c.Method), new Uri($"https://{c.Host}{c.Path}{c.Query}"));
            if (c.Body is not null)
            {
                request.Content = new ByteArrayContent(c.Body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            var hash = new byte[32];
            AwsSigV4Signer.HashPayload(c.Body ?? [], hash);
            new AwsSigV4Signer(c.Region, SesApiEndpoint.SigningService).Sign(request, hash, c.Credentials, c.Date);

            var ours = string.Join(",", request.Headers.GetValues("Authorization"));
            Assert.True(theirs[i].GetProperty("authorization").GetString() == ours, $"{c.Name}: smithy {theirs[i].GetProperty("authorization").GetString()} vs ours {ours}");
            Assert.Equal(theirs[i].GetProperty("amzDate").GetString(), request.Headers.GetValues("x-amz-date").Single());
            if (c.Credentials.SessionToken is { } token)
            {
                Assert.Equal(token, theirs[i].GetProperty("securityToken").GetString());
                Assert.Equal(token, request.Headers.GetValues("x-amz-security-token").Single());
                Assert.Contains("x-amz-security-token", ours, StringComparison.Ordinal);
            }
        }
    }

    private static JsonObject Headers(SigningCase c)
    {
        var headers = new JsonObject { ["host"] = c.Host };
        if (c.Body is not null)
        {
            headers["content-type"] = "application/json";
        }

        return headers;
    }

    private static JsonObject Query(string? query)
    {
        var result = new JsonObject();
        foreach (var pair in (query ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            result[Uri.UnescapeDataString(pair[..eq])] = Uri.UnescapeDataString(pair[(eq + 1)..]);
        }

        return result;
    }
}
