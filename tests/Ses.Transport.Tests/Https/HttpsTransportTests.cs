using System.Security.Authentication;
using System.Text.Json;
using MimeKit;
using Ses.Transport.Credentials;
using Ses.Transport.Https;
using Ses.Transport.Https.Internal;
using Ses.Transport.Tests.Https.Fixtures;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Tests.Https;

/// <summary><see cref="HttpsTransport"/> against a Kestrel HTTPS recorder on 127.0.0.1.</summary>
public sealed class HttpsTransportTests
{
    [Fact]
    public async Task SendAsync_PlainMessage_PostsSignedSendEmailWithByteExactRawMime()
    {
        await using var server = await SesApiRecorder.StartAsync();
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri));
        var message = HttpsTest.Message();

        var receipt = await transport.SendAsync(message, TestContext.Current.CancellationToken);

        var request = server.Single();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v2/email/outbound-emails", request.Path);
        Assert.Equal("application/json", request.Header("content-type"));
        var amzDate = HttpsTest.AmzDate(request);
        Assert.InRange(amzDate, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        var authorization = request.Header("authorization")!;
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/{amzDate:yyyyMMdd}/eu-west-1/ses/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=", authorization);
        Assert.Null(request.Header("x-amz-security-token"));
        Assert.Equal(HttpsTest.ExpectedAuthorization(request, HttpsTest.Credentials), authorization);

        Assert.Equal(HttpsTest.Wire(message), HttpsTest.RawData(request));
        var json = HttpsTest.Json(request);
        Assert.Equal("receiver@example.net", Assert.Single(json.GetProperty("Destination").GetProperty("ToAddresses").EnumerateArray()).GetString());
        Assert.False(json.TryGetProperty("ConfigurationSetName", out _));
        Assert.False(json.TryGetProperty("EmailTags", out _));

        Assert.Equal("0100-recorded-1", receipt.MessageId);
        Assert.Equal(SesTransportKind.Https, receipt.Transport);
        Assert.Equal(1, receipt.Attempts);
        Assert.True(request.TlsProtocol is SslProtocols.Tls12 or SslProtocols.Tls13, request.TlsProtocol.ToString());
        Assert.Equal(request.TlsProtocol, receipt.TlsProtocol);
        Assert.NotNull(receipt.TlsCipherSuite);
    }

    [Fact]
    public async Task SendAsync_SessionCredentials_SignsSecurityTokenAndLogsNoSecret()
    {
        await using var server = await SesApiRecorder.StartAsync();
        var credentials = new AwsCredentials(HttpsTest.AccessKeyId, HttpsTest.SecretAccessKey, HttpsTest.SessionToken);
        var logs = new RecordingLoggerFactory();
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri, new StaticCredentialsProvider(credentials)), loggerFactory: logs);

        await transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);

        var request = server.Single();
        Assert.Equal(HttpsTest.SessionToken, request.Header("x-amz-security-token"));
        Assert.Contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,", request.Header("authorization"), StringComparison.Ordinal);
        Assert.Equal(HttpsTest.ExpectedAuthorization(request, credentials), request.Header("authorization"));
        Assert.NotEmpty(logs.Lines);
        HttpsTest.AssertNoSecret(logs.AllText);
    }

    [Fact]
    public async Task SendAsync_SesHeaders_BecomeTypedFieldsAndLeaveTheRawMime()
    {
        await using var server = await SesApiRecorder.StartAsync();
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri));
        var message = HttpsTest.Message();
        message.Headers.Add("X-SES-CONFIGURATION-SET", "tls-required");
        message.Headers.Add("X-SES-MESSAGE-TAGS", "campaign=spring, team=ops");
        message.Headers.Add("X-SES-FROM-ARN", "arn:aws:ses:eu-west-1:123456789012:identity/example.com");
        message.Headers.Add("X-SES-RETURN-PATH-ARN", "arn:aws:ses:eu-west-1:123456789012:identity/bounces.example.com");
        message.Headers.Add("X-SES-LIST-MANAGEMENT-OPTIONS", "newsletter; topic=weekly");
        var before = HttpsTest.Wire(message);

        var receipt = await transport.SendAsync(message, TestContext.Current.CancellationToken);

        var request = server.Single();
        var json = HttpsTest.Json(request);
        Assert.Equal("tls-required", json.GetProperty("ConfigurationSetName").GetString());
        Assert.Equal(
            [("campaign", "spring"), ("team", "ops")],
            json.GetProperty("EmailTags").EnumerateArray().Select(t => (t.GetProperty("Name").GetString(), t.GetProperty("Value").GetString())).ToArray());
        Assert.Equal("arn:aws:ses:eu-west-1:123456789012:identity/example.com", json.GetProperty("FromEmailAddressIdentityArn").GetString());
        Assert.Equal("arn:aws:ses:eu-west-1:123456789012:identity/bounces.example.com", json.GetProperty("FeedbackForwardingEmailAddressIdentityArn").GetString());
        Assert.Equal("newsletter", json.GetProperty("ListManagementOptions").GetProperty("ContactListName").GetString());
        Assert.Equal("weekly", json.GetProperty("ListManagementOptions").GetProperty("TopicName").GetString());
        Assert.Equal("tls-required", receipt.ConfigurationSet);

        var raw = HttpsTest.Utf8(HttpsTest.RawData(request));
        Assert.DoesNotContain("X-SES-", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Subject: " + message.Subject, raw, StringComparison.Ordinal);

        // The caller's message is not changed.
        Assert.Equal(before, HttpsTest.Wire(message));
    }

    [Fact]
    public async Task SendAsync_SourceArnWithoutFromArn_BecomesFromIdentityArn()
    {
        await using var server = await SesApiRecorder.StartAsync();
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri));
        var message = HttpsTest.Message();
        message.Headers.Add("X-SES-SOURCE-ARN", "arn:aws:ses:eu-west-1:123456789012:identity/source.example.com");

        await transport.SendAsync(message, TestContext.Current.CancellationToken);

        var json = HttpsTest.Json(server.Single());
        Assert.Equal("arn:aws:ses:eu-west-1:123456789012:identity/source.example.com", json.GetProperty("FromEmailAddressIdentityArn").GetString());
    }

    [Fact]
    public async Task SendAsync_DefaultConfigurationSetOption_SentAsTypedField()
    {
        await using var server = await SesApiRecorder.StartAsync();
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri, configure: o => o.ConfigurationSetName = "default-set"));
        var message = HttpsTest.Message();

        var receipt = await transport.SendAsync(message, TestContext.Current.CancellationToken);

        var request = server.Single();
        Assert.Equal("default-set", HttpsTest.Json(request).GetProperty("ConfigurationSetName").GetString());
        Assert.Equal("default-set", receipt.ConfigurationSet);
        Assert.Equal(HttpsTest.Wire(message), HttpsTest.RawData(request));
    }

    [Fact]
    public async Task SendAsync_BccRecipient_InDestinationButNotInRawMime()
    {
        await using var server = await SesApiRecorder.StartAsync();
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri));
        var message = HttpsTest.Message();
        message.Cc.Add(new MailboxAddress("Copy", "copy@example.net"));
        message.Bcc.Add(new MailboxAddress("Hidden", "hidden@example.org"));

        await transport.SendAsync(message, TestContext.Current.CancellationToken);

        var request = server.Single();
        var destination = HttpsTest.Json(request).GetProperty("Destination");
        Assert.Equal("copy@example.net", Assert.Single(destination.GetProperty("CcAddresses").EnumerateArray()).GetString());
        Assert.Equal("hidden@example.org", Assert.Single(destination.GetProperty("BccAddresses").EnumerateArray()).GetString());
        var raw = HttpsTest.Utf8(HttpsTest.RawData(request));
        Assert.DoesNotContain("hidden@example.org", raw, StringComparison.Ordinal);
        Assert.Contains("copy@example.net", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_MinimumTls13_NegotiatesTls13AndReportsIt()
    {
        await using var server = await SesApiRecorder.StartAsync();
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri, configure: o => o.Tls.MinimumVersion = MinimumTlsVersion.Tls13));

        var receipt = await transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);

        Assert.Equal(SslProtocols.Tls13, server.Single().TlsProtocol);
        Assert.Equal(SslProtocols.Tls13, receipt.TlsProtocol);
    }

    [Fact]
    public async Task SendAsync_ServerOffersOnlyTls12_NegotiatesTls12AndReportsIt()
    {
        await using var server = await SesApiRecorder.StartAsync(protocols: SslProtocols.Tls12);
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri));

        var receipt = await transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);

        Assert.Equal(SslProtocols.Tls12, server.Single().TlsProtocol);
        Assert.Equal(SslProtocols.Tls12, receipt.TlsProtocol);
        Assert.NotNull(receipt.TlsCipherSuite);
    }

    [Fact]
    public async Task SendAsync_InjectedHttpClientOnSesHandler_SendsThroughIt()
    {
        await using var server = await SesApiRecorder.StartAsync();
        var options = HttpsTest.Options(server.BaseUri);
        var state = new HttpsTlsState();
        using var client = new HttpClient(SesHttpHandler.Create(options, state));
        await using var transport = new HttpsTransport(options, client, null, null, null, state);

        var receipt = await transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);

        Assert.Equal("0100-recorded-1", receipt.MessageId);
        Assert.Equal(server.Single().TlsProtocol, receipt.TlsProtocol);
        Assert.Equal(HttpsTest.ExpectedAuthorization(server.Single(), HttpsTest.Credentials), server.Single().Header("authorization"));
    }

    [Fact]
    public async Task SendAsync_ConcurrentSends_EachSignedAndDelivered()
    {
        await using var server = await SesApiRecorder.StartAsync();
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri));

        var receipts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken)));

        Assert.Equal(8, receipts.Select(r => r.MessageId).Distinct().Count());
        Assert.All(server.Requests, r => Assert.Equal(HttpsTest.ExpectedAuthorization(r, HttpsTest.Credentials), r.Header("authorization")));
    }

    [Fact]
    public async Task SendAsync_SuccessWithoutMessageId_TypedServiceError()
    {
        await using var server = await SesApiRecorder.StartAsync();
        server.Responder = (_, _) => new ScriptedResponse(200, "{}");
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri));

        var ex = await Assert.ThrowsAsync<SesServiceException>(() => transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken));

        Assert.False(ex.IsTransient);
        Assert.Equal("req-1", ex.RequestId);
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task SendAsync_AfterDispose_Throws()
    {
        await using var server = await SesApiRecorder.StartAsync();
        var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri));
        await transport.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken));
        Assert.Equal(0, server.Count);
    }

    [Fact]
    public async Task SendAsync_InvalidTagHeader_ValidationErrorNothingSent()
    {
        await using var server = await SesApiRecorder.StartAsync();
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri));
        var message = HttpsTest.Message();
        message.Headers.Add("X-SES-MESSAGE-TAGS", "bad tag=x y");

        var ex = await Assert.ThrowsAsync<SesMessageValidationException>(() => transport.SendAsync(message, TestContext.Current.CancellationToken));

        Assert.Equal(MessageValidationFailure.InvalidHeaderValue, ex.Failure);
        Assert.Equal(0, server.Count);
    }

    [Fact]
    public async Task SendAsync_BodyJson_IsValidAndHasOnlyKnownFields()
    {
        await using var server = await SesApiRecorder.StartAsync();
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri));

        await transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);

        var names = HttpsTest.Json(server.Single()).EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["Content", "Destination"], names);
        Assert.Equal(JsonValueKind.Object, HttpsTest.Json(server.Single()).GetProperty("Content").GetProperty("Raw").ValueKind);
    }
}
