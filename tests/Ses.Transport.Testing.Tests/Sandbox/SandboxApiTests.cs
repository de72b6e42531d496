using System.Net;
using System.Text.Json;
using Ses.Transport.Credentials;

namespace Ses.Transport.Testing.Tests.Sandbox;

/// <summary>The SES v2 subset over HTTPS, called with requests signed by the library's signer.</summary>
public class SandboxApiTests
{
    [Fact]
    public async Task SendEmail_RawContent_RecordedWithTlsAndMessageId()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        var message = SandboxClients.Message("Raw over HTTPS");

        using var response = await SandboxClients.SendRawAsync(sandbox, message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("MessageId").GetString();
        var recorded = await sandbox.WaitForMessageAsync();
        Assert.Equal(id, recorded.Id);
        Assert.Matches("^[0-9a-f]{16}-[0-9a-f-]{36}-000000$", id);
        Assert.Equal(SesTransportKind.Https, recorded.Transport);
        Assert.True(recorded.TlsProtocol is System.Security.Authentication.SslProtocols.Tls12 or System.Security.Authentication.SslProtocols.Tls13);
        Assert.NotNull(recorded.TlsCipherSuite);
        Assert.Equal("Raw over HTTPS", recorded.Parse().Subject);
        Assert.Equal(["someone@example.com"], recorded.Recipients);
        Assert.Equal("sender@example.com", recorded.From);
        Assert.True(response.Headers.Contains("x-amzn-RequestId"));
    }

    [Fact]
    public async Task SendEmail_SimpleContent_BuildsMimeFromFields()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        const string json = """
            {"FromEmailAddress":"sender@example.com","Destination":{"ToAddresses":["to@example.com"],"BccAddresses":["hidden@example.org"]},
             "Content":{"Simple":{"Subject":{"Data":"Simple subject"},"Body":{"Text":{"Data":"plain body"},"Html":{"Data":"<p>html body</p>"}},
             "Headers":[{"Name":"X-Custom","Value":"yes"}]}}}
            """;

        using var response = await SandboxClients.SendSignedAsync(sandbox, HttpMethod.Post, SandboxClients.SendPath, json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var recorded = await sandbox.WaitForMessageAsync();
        var parsed = recorded.Parse();
        Assert.Equal("Simple subject", parsed.Subject);
        Assert.Equal("plain body", parsed.TextBody?.Trim());
        Assert.Contains("html body", parsed.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("yes", parsed.Headers["X-Custom"]);
        Assert.Equal(["to@example.com", "hidden@example.org"], recorded.Recipients);
        Assert.Empty(parsed.Bcc);
    }

    [Fact]
    public async Task SendEmail_ConfigurationSetAndTags_FromFieldsAndHeaders()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        sandbox.ConfigurationSets.Seed("from-field");
        sandbox.ConfigurationSets.Seed("from-header");
        var withHeader = SandboxClients.Message("header set");
        withHeader.Headers.Add("X-SES-CONFIGURATION-SET", "from-header");
        withHeader.Headers.Add("X-SES-MESSAGE-TAGS", "campaign=spring, team=ops");

        using var first = await SandboxClients.SendSignedAsync(sandbox, HttpMethod.Post, SandboxClients.SendPath,
            SandboxClients.RawSendJson(SandboxClients.Message("field set"), "from-field", """[{"Name":"kind","Value":"api"}]"""));
        using var second = await SandboxClients.SendRawAsync(sandbox, withHeader);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var messages = await sandbox.WaitForMessagesAsync(2);
        Assert.Equal("from-field", messages[0].ConfigurationSet);
        Assert.Equal([new("kind", "api")], messages[0].Tags);
        Assert.Equal("from-header", messages[1].ConfigurationSet);
        Assert.Equal([new("campaign", "spring"), new("team", "ops")], messages[1].Tags);
    }

    [Fact]
    public async Task SendEmail_UnknownConfigurationSet_404NotFoundException()
    {
        await using var sandbox = await SesSandbox.StartAsync();

        using var response = await SandboxClients.SendRawAsync(sandbox, configurationSet: "nope");

        await AssertErrorAsync(response, HttpStatusCode.NotFound, "NotFoundException");
        Assert.Empty(sandbox.Messages);
    }

    [Fact]
    public async Task SendEmail_NotJson_400BadRequestException()
    {
        await using var sandbox = await SesSandbox.StartAsync();

        using var response = await SandboxClients.SendSignedAsync(sandbox, HttpMethod.Post, SandboxClients.SendPath, "{not json");

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "BadRequestException");
    }

    [Fact]
    public async Task GetAccount_Signed_ReturnsSendQuota()
    {
        await using var sandbox = await SesSandbox.StartAsync();

        using var response = await SandboxClients.SendSignedAsync(sandbox, HttpMethod.Get, "v2/email/account");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(root.GetProperty("SendingEnabled").GetBoolean());
        Assert.True(root.GetProperty("SendQuota").GetProperty("MaxSendRate").GetDouble() > 0);
    }

    [Fact]
    public async Task ConfigurationSets_CreateGetPut_RoundTripsDeliveryOptions()
    {
        await using var sandbox = await SesSandbox.StartAsync();

        using var created = await SandboxClients.SendSignedAsync(sandbox, HttpMethod.Post, "v2/email/configuration-sets",
            """{"ConfigurationSetName":"strict","DeliveryOptions":{"TlsPolicy":"OPTIONAL"}}""");
        using var put = await SandboxClients.SendSignedAsync(sandbox, HttpMethod.Put, "v2/email/configuration-sets/strict/delivery-options",
            """{"TlsPolicy":"REQUIRE","SendingPoolName":"pool-1","MaxDeliverySeconds":600}""");
        using var got = await SandboxClients.SendSignedAsync(sandbox, HttpMethod.Get, "v2/email/configuration-sets/strict");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        var root = JsonDocument.Parse(await got.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("strict", root.GetProperty("ConfigurationSetName").GetString());
        var options = root.GetProperty("DeliveryOptions");
        Assert.Equal("REQUIRE", options.GetProperty("TlsPolicy").GetString());
        Assert.Equal("pool-1", options.GetProperty("SendingPoolName").GetString());
        Assert.Equal(600, options.GetProperty("MaxDeliverySeconds").GetInt64());
        Assert.Equal(SandboxTlsPolicy.Require, sandbox.ConfigurationSets.GetTlsPolicy("strict"));
    }

    [Fact]
    public async Task CreateConfigurationSet_Existing_400AlreadyExistsException()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        sandbox.ConfigurationSets.Seed("taken");

        using var response = await SandboxClients.SendSignedAsync(sandbox, HttpMethod.Post, "v2/email/configuration-sets", """{"ConfigurationSetName":"taken"}""");

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "AlreadyExistsException");
    }

    [Theory]
    [InlineData("GET", "v2/email/configuration-sets/missing", null)]
    [InlineData("PUT", "v2/email/configuration-sets/missing/delivery-options", """{"TlsPolicy":"REQUIRE"}""")]
    public async Task ConfigurationSet_Unknown_404NotFoundException(string method, string path, string? json)
    {
        await using var sandbox = await SesSandbox.StartAsync();

        using var response = await SandboxClients.SendSignedAsync(sandbox, new HttpMethod(method), path, json);

        await AssertErrorAsync(response, HttpStatusCode.NotFound, "NotFoundException");
    }

    [Fact]
    public async Task PutDeliveryOptions_UnknownTlsPolicy_400BadRequestException()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        sandbox.ConfigurationSets.Seed("s1");

        using var response = await SandboxClients.SendSignedAsync(sandbox, HttpMethod.Put, "v2/email/configuration-sets/s1/delivery-options", """{"TlsPolicy":"MAYBE"}""");

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "BadRequestException");
        Assert.Equal(SandboxTlsPolicy.Optional, sandbox.ConfigurationSets.GetTlsPolicy("s1"));
    }

    [Fact]
    public async Task Request_Unsigned_403MissingAuthenticationToken()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        using var http = SandboxClients.Http(sandbox);

        using var response = await http.GetAsync(new Uri("v2/email/account", UriKind.Relative));

        await AssertErrorAsync(response, HttpStatusCode.Forbidden, "MissingAuthenticationTokenException");
    }

    [Fact]
    public async Task Request_BodyChangedAfterSigning_403InvalidSignature()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        var json = SandboxClients.RawSendJson(SandboxClients.Message());

        using var response = await SandboxClients.SendSignedAsync(sandbox, HttpMethod.Post, SandboxClients.SendPath, json, tamper: request =>
        {
            var tampered = System.Text.Encoding.UTF8.GetBytes(json.Replace("Raw", "raw", StringComparison.Ordinal));
            request.Content = new ByteArrayContent(tampered) { Headers = { ContentType = new("application/json") } };
        });

        await AssertErrorAsync(response, HttpStatusCode.Forbidden, "InvalidSignatureException");
        Assert.Empty(sandbox.Messages);
    }

    [Fact]
    public async Task Request_SignedSixMinutesAgo_403SignatureExpired()
    {
        await using var sandbox = await SesSandbox.StartAsync();

        using var response = await SandboxClients.SendSignedAsync(sandbox, HttpMethod.Get, "v2/email/account", signingTime: DateTimeOffset.UtcNow.AddMinutes(-6));

        var message = await AssertErrorAsync(response, HttpStatusCode.Forbidden, "InvalidSignatureException");
        Assert.StartsWith("Signature expired", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_SandboxClockIsFake_DateCheckedAgainstIt()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-3));
        await using var sandbox = await SesSandbox.StartAsync(new SesSandboxOptions { TimeProvider = clock });

        using var now = await SandboxClients.SendSignedAsync(sandbox, HttpMethod.Get, "v2/email/account");
        using var atSandboxTime = await SandboxClients.SendSignedAsync(sandbox, HttpMethod.Get, "v2/email/account", signingTime: clock.GetUtcNow());

        await AssertErrorAsync(now, HttpStatusCode.Forbidden, "InvalidSignatureException");
        Assert.Equal(HttpStatusCode.OK, atSandboxTime.StatusCode);
    }

    [Fact]
    public async Task Request_ScopedToAnotherRegion_403InvalidSignature()
    {
        await using var sandbox = await SesSandbox.StartAsync();

        using var response = await SandboxClients.SendSignedAsync(sandbox, HttpMethod.Get, "v2/email/account", region: "eu-west-1");

        var message = await AssertErrorAsync(response, HttpStatusCode.Forbidden, "InvalidSignatureException");
        Assert.Contains("region", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_OtherCredentials_403UnrecognizedClient()
    {
        await using var sandbox = await SesSandbox.StartAsync();

        using var response = await SandboxClients.SendSignedAsync(sandbox, HttpMethod.Get, "v2/email/account", credentials: new AwsCredentials("AKIAOTHEROTHEROTHER1", "secret"));

        await AssertErrorAsync(response, HttpStatusCode.Forbidden, "UnrecognizedClientException");
    }

    [Fact]
    public async Task Request_RightKeyWrongSecret_403InvalidSignature()
    {
        await using var sandbox = await SesSandbox.StartAsync();

        using var response = await SandboxClients.SendSignedAsync(sandbox, HttpMethod.Get, "v2/email/account",
            credentials: new AwsCredentials(sandbox.Credentials.AccessKeyId, "not-the-secret"));

        await AssertErrorAsync(response, HttpStatusCode.Forbidden, "InvalidSignatureException");
    }

    [Fact]
    public async Task Start_WithGivenCredentials_AcceptsOnlyThem()
    {
        var credentials = new AwsCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        await using var sandbox = await SesSandbox.StartAsync(new SesSandboxOptions { Credentials = credentials, Region = "eu-central-1" });

        using var response = await SandboxClients.SendSignedAsync(sandbox, HttpMethod.Get, "v2/email/account", credentials: credentials);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("eu-central-1", sandbox.Region);
        Assert.Equal(SesSmtpCredentials.DerivePassword(credentials.SecretAccessKey, "eu-central-1"), sandbox.SmtpCredentials.Password);
    }

    internal static async Task<string> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string errorType)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal(errorType, response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.True(response.Headers.Contains("x-amzn-RequestId"));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var message = JsonDocument.Parse(body).RootElement.GetProperty("message").GetString();
        Assert.False(string.IsNullOrEmpty(message));
        return message!;
    }
}
