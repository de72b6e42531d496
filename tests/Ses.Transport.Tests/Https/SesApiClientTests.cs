using Ses.Transport.Https;
using Ses.Transport.Tests.Https.Fixtures;

namespace Ses.Transport.Tests.Https;

/// <summary><see cref="SesApiClient"/> against the Kestrel recorder.</summary>
public sealed class SesApiClientTests
{
    [Fact]
    public async Task GetAccountAsync_SesAnswer_QuotaAndState()
    {
        await using var server = await SesApiRecorder.StartAsync();
        server.Responder = (_, _) => new ScriptedResponse(200, """
            {"DedicatedIpAutoWarmupEnabled":false,"EnforcementStatus":"HEALTHY","ProductionAccessEnabled":true,"SendingEnabled":true,
             "SendQuota":{"Max24HourSend":50000.0,"MaxSendRate":14.0,"SentLast24Hours":123.0},"Details":{"MailType":"TRANSACTIONAL"}}
            """);
        using var client = new SesApiClient(HttpsTest.Options(server.BaseUri));

        var account = await client.GetAccountAsync(TestContext.Current.CancellationToken);

        Assert.Equal(50000, account.Max24HourSend);
        Assert.Equal(14, account.MaxSendRate);
        Assert.Equal(123, account.SentLast24Hours);
        Assert.True(account.SendingEnabled);
        Assert.True(account.ProductionAccessEnabled);
        var request = server.Single();
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v2/email/account", request.Path);
        Assert.Empty(request.Body);
        Assert.Contains("SignedHeaders=host;x-amz-date,", request.Header("authorization"), StringComparison.Ordinal);
        Assert.Equal(HttpsTest.ExpectedAuthorization(request, HttpsTest.Credentials), request.Header("authorization"));
    }

    [Fact]
    public async Task CreateConfigurationSetAsync_WithDeliveryOptions_PostsTypedJson()
    {
        await using var server = await SesApiRecorder.StartAsync();
        server.Responder = (_, _) => new ScriptedResponse(200, "{}");
        using var client = new SesApiClient(HttpsTest.Options(server.BaseUri));

        await client.CreateConfigurationSetAsync(
            "tls-required", new SesDeliveryOptions { TlsPolicy = SesTlsPolicy.Require, MaxDeliverySeconds = 600 }, TestContext.Current.CancellationToken);

        var request = server.Single();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v2/email/configuration-sets", request.Path);
        Assert.Equal("""{"ConfigurationSetName":"tls-required","DeliveryOptions":{"TlsPolicy":"REQUIRE","MaxDeliverySeconds":600}}""", HttpsTest.Utf8(request.Body));
        Assert.Equal(HttpsTest.ExpectedAuthorization(request, HttpsTest.Credentials), request.Header("authorization"));
    }

    [Fact]
    public async Task GetConfigurationSetAsync_SesAnswer_NameAndDeliveryOptions()
    {
        await using var server = await SesApiRecorder.StartAsync();
        server.Responder = (_, _) => new ScriptedResponse(200, """
            {"ConfigurationSetName":"tls-required","DeliveryOptions":{"TlsPolicy":"REQUIRE","SendingPoolName":"pool-1","MaxDeliverySeconds":900},
             "ReputationOptions":{"ReputationMetricsEnabled":false},"SendingOptions":{"SendingEnabled":true},"Tags":[]}
            """);
        using var client = new SesApiClient(HttpsTest.Options(server.BaseUri));

        var set = await client.GetConfigurationSetAsync("tls-required", TestContext.Current.CancellationToken);

        Assert.Equal("tls-required", set.Name);
        Assert.Equal(SesTlsPolicy.Require, set.DeliveryOptions.TlsPolicy);
        Assert.Equal("pool-1", set.DeliveryOptions.SendingPoolName);
        Assert.Equal(900, set.DeliveryOptions.MaxDeliverySeconds);
        Assert.Equal("/v2/email/configuration-sets/tls-required", server.Single().Path);
    }

    [Fact]
    public async Task GetConfigurationSetAsync_NoDeliveryOptions_OptionalAsSesDefault()
    {
        await using var server = await SesApiRecorder.StartAsync();
        server.Responder = (_, _) => new ScriptedResponse(200, """{"ConfigurationSetName":"plain"}""");
        using var client = new SesApiClient(HttpsTest.Options(server.BaseUri));

        var set = await client.GetConfigurationSetAsync("plain", TestContext.Current.CancellationToken);

        Assert.Equal(SesTlsPolicy.Optional, set.DeliveryOptions.TlsPolicy);
        Assert.Null(set.DeliveryOptions.MaxDeliverySeconds);
    }

    [Fact]
    public async Task GetConfigurationSetAsync_Missing_NotFoundTypedErrorNotRetried()
    {
        await using var server = await SesApiRecorder.StartAsync();
        server.Responder = (_, _) => ScriptedResponse.Error(404, "NotFoundException", "Configuration set <nope> does not exist.");
        using var client = new SesApiClient(HttpsTest.Options(server.BaseUri));

        var ex = await Assert.ThrowsAsync<SesServiceException>(() => client.GetConfigurationSetAsync("nope", TestContext.Current.CancellationToken));

        Assert.Equal("NotFoundException", ex.ErrorType);
        Assert.Equal(404, ex.HttpStatusCode);
        Assert.False(ex.IsTransient);
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task PutConfigurationSetDeliveryOptionsAsync_Require_PutsTypedJson()
    {
        await using var server = await SesApiRecorder.StartAsync();
        server.Responder = (_, _) => new ScriptedResponse(200, "{}");
        using var client = new SesApiClient(HttpsTest.Options(server.BaseUri));

        await client.PutConfigurationSetDeliveryOptionsAsync("tls-required", SesTlsPolicy.Require, "pool-1", 300, TestContext.Current.CancellationToken);

        var request = server.Single();
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/v2/email/configuration-sets/tls-required/delivery-options", request.Path);
        Assert.Equal("""{"TlsPolicy":"REQUIRE","SendingPoolName":"pool-1","MaxDeliverySeconds":300}""", HttpsTest.Utf8(request.Body));
        Assert.Equal(HttpsTest.ExpectedAuthorization(request, HttpsTest.Credentials), request.Header("authorization"));
    }

    [Fact]
    public async Task PutConfigurationSetDeliveryOptionsAsync_Optional_SpelledAsSesDoes()
    {
        await using var server = await SesApiRecorder.StartAsync();
        server.Responder = (_, _) => new ScriptedResponse(200, "{}");
        using var client = new SesApiClient(HttpsTest.Options(server.BaseUri));

        await client.PutConfigurationSetDeliveryOptionsAsync("opportunistic", SesTlsPolicy.Optional, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("""{"TlsPolicy":"OPTIONAL"}""", HttpsTest.Utf8(server.Single().Body));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("../account")]
    [InlineData("")]
    public async Task GetConfigurationSetAsync_InvalidName_ArgumentExceptionNothingSent(string name)
    {
        await using var server = await SesApiRecorder.StartAsync();
        using var client = new SesApiClient(HttpsTest.Options(server.BaseUri));

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetConfigurationSetAsync(name, TestContext.Current.CancellationToken));
        Assert.Equal(0, server.Count);
    }

    [Fact]
    public async Task PutConfigurationSetDeliveryOptionsAsync_DeliverySecondsOutOfRange_ArgumentOutOfRange()
    {
        await using var server = await SesApiRecorder.StartAsync();
        using var client = new SesApiClient(HttpsTest.Options(server.BaseUri));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.PutConfigurationSetDeliveryOptionsAsync("set", SesTlsPolicy.Require, maxDeliverySeconds: 10, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(0, server.Count);
    }

    [Fact]
    public async Task GetAccountAsync_ThrottledOnce_Retried()
    {
        await using var server = await SesApiRecorder.StartAsync();
        server.Responder = (_, n) => n == 1
            ? ScriptedResponse.Error(429, "TooManyRequestsException", "slow down")
            : new ScriptedResponse(200, """{"SendingEnabled":true,"SendQuota":{"Max24HourSend":200,"MaxSendRate":1,"SentLast24Hours":0}}""");
        using var client = new SesApiClient(HttpsTest.Options(server.BaseUri));

        var account = await client.GetAccountAsync(TestContext.Current.CancellationToken);

        Assert.Equal(200, account.Max24HourSend);
        Assert.Equal(2, server.Count);
    }

    [Fact]
    public async Task PutConfigurationSetDeliveryOptionsAsync_ThrottledOnce_RetrySignedOverTheSameBody()
    {
        await using var server = await SesApiRecorder.StartAsync();
        server.Responder = (_, n) => n == 1
            ? ScriptedResponse.Error(429, "TooManyRequestsException", "slow down")
            : new ScriptedResponse(200, "{}");
        using var client = new SesApiClient(HttpsTest.Options(server.BaseUri));

        await client.PutConfigurationSetDeliveryOptionsAsync("tls-required", SesTlsPolicy.Require, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, server.Count);
        foreach (var request in server.Requests)
        {
            Assert.Equal("""{"TlsPolicy":"REQUIRE"}""", HttpsTest.Utf8(request.Body));
            Assert.Equal(HttpsTest.ExpectedAuthorization(request, HttpsTest.Credentials), request.Header("authorization"));
        }
    }

    [Fact]
    public async Task GetConfigurationSetAsync_UnknownTlsPolicy_TypedError()
    {
        await using var server = await SesApiRecorder.StartAsync();
        server.Responder = (_, _) => new ScriptedResponse(200, """{"ConfigurationSetName":"x","DeliveryOptions":{"TlsPolicy":"MAYBE"}}""");
        using var client = new SesApiClient(HttpsTest.Options(server.BaseUri));

        await Assert.ThrowsAsync<SesServiceException>(() => client.GetConfigurationSetAsync("x", TestContext.Current.CancellationToken));
    }
}
