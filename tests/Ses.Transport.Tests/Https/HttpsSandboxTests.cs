using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using Ses.Transport.Credentials;
using Ses.Transport.Https;
using Ses.Transport.Testing;
using Ses.Transport.Tests.Https.Fixtures;

namespace Ses.Transport.Tests.Https;

/// <summary>
/// <see cref="HttpsTransport"/> and <see cref="SesApiClient"/> against the SES sandbox (<see cref="SesSandbox"/>): its
/// HTTPS endpoint verifies SigV4 against its own credentials and records what SES would have received.
/// </summary>
public sealed class HttpsSandboxTests
{
    [Fact]
    public async Task SendAsync_ToSandbox_RecordsByteExactRawMimeAndTls()
    {
        await using var sandbox = await SesSandbox.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var transport = new HttpsTransport(Options(sandbox));
        var message = HttpsTest.Message();

        var receipt = await transport.SendAsync(message, TestContext.Current.CancellationToken);

        var recorded = await sandbox.WaitForMessageAsync(timeout: TimeSpan.FromSeconds(10), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(receipt.MessageId, recorded.Id);
        Assert.Equal(SesTransportKind.Https, recorded.Transport);
        Assert.Equal(HttpsTest.Wire(message), recorded.RawMime.ToArray());
        Assert.Equal(["receiver@example.net"], recorded.Recipients);
        Assert.Equal(SslProtocols.Tls13, recorded.TlsProtocol);
        Assert.Equal(receipt.TlsProtocol, recorded.TlsProtocol);
        Assert.Equal(receipt.TlsCipherSuite, recorded.TlsCipherSuite);
        Assert.Null(recorded.ConfigurationSet);
        Assert.Equal(SandboxDeliveryOutcome.Delivered, recorded.Outcome);
        Assert.Equal(1, receipt.Attempts);
    }

    [Fact]
    public async Task SendAsync_ClientLimitedToTls12_SandboxRecordsTls12()
    {
        await using var sandbox = await SesSandbox.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12,
                CertificateChainPolicy = TrustSandbox(sandbox),
            },
        };
        using var client = new HttpClient(handler);
        await using var transport = new HttpsTransport(Options(sandbox), client);

        await transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);

        var recorded = await sandbox.WaitForMessageAsync(timeout: TimeSpan.FromSeconds(10), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(SslProtocols.Tls12, recorded.TlsProtocol);
        Assert.NotNull(recorded.TlsCipherSuite);
    }

    [Fact]
    public async Task SendAsync_MinimumTls13_SandboxRecordsTls13()
    {
        await using var sandbox = await SesSandbox.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var transport = new HttpsTransport(Options(sandbox, o => o.Tls.MinimumVersion = MinimumTlsVersion.Tls13));

        var receipt = await transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);

        var recorded = await sandbox.WaitForMessageAsync(timeout: TimeSpan.FromSeconds(10), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(SslProtocols.Tls13, recorded.TlsProtocol);
        Assert.Equal(SslProtocols.Tls13, receipt.TlsProtocol);
    }

    [Fact]
    public async Task SendAsync_ConfigurationSetHeaderAndTags_SandboxRecordsThemAndNotTheHeaders()
    {
        await using var sandbox = await SesSandbox.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        sandbox.ConfigurationSets.Seed("from-header");
        sandbox.ConfigurationSets.Seed("from-options");
        await using var transport = new HttpsTransport(Options(sandbox, o => o.ConfigurationSetName = "from-options"));
        var message = HttpsTest.Message();
        message.Headers.Add("X-SES-CONFIGURATION-SET", "from-header");
        message.Headers.Add("X-SES-MESSAGE-TAGS", "campaign=spring, kind=test");

        var receipt = await transport.SendAsync(message, TestContext.Current.CancellationToken);

        var recorded = await sandbox.WaitForMessageAsync(timeout: TimeSpan.FromSeconds(10), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("from-header", recorded.ConfigurationSet);
        Assert.Equal("from-header", receipt.ConfigurationSet);
        Assert.Equal(
            [new KeyValuePair<string, string>("campaign", "spring"), new KeyValuePair<string, string>("kind", "test")],
            recorded.Tags.OrderBy(t => t.Key, StringComparer.Ordinal));
        var raw = recorded.Parse();
        Assert.False(raw.Headers.Contains("X-SES-CONFIGURATION-SET"));
        Assert.False(raw.Headers.Contains("X-SES-MESSAGE-TAGS"));
    }

    [Fact]
    public async Task SendAsync_ConfigurationSetFromOptions_SandboxRecordsIt()
    {
        await using var sandbox = await SesSandbox.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        sandbox.ConfigurationSets.Seed("from-options");
        await using var transport = new HttpsTransport(Options(sandbox, o => o.ConfigurationSetName = "from-options"));

        var receipt = await transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);

        var recorded = await sandbox.WaitForMessageAsync(timeout: TimeSpan.FromSeconds(10), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("from-options", recorded.ConfigurationSet);
        Assert.Equal("from-options", receipt.ConfigurationSet);
    }

    [Fact]
    public async Task SendAsync_SandboxThrottlesTwice_RetriesAndDeliversOnce()
    {
        await using var sandbox = await SesSandbox.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        sandbox.Faults.ThrottleNext(2);
        await using var transport = new HttpsTransport(Options(sandbox));

        var receipt = await transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);

        Assert.Equal(3, receipt.Attempts);
        var recorded = await sandbox.WaitForMessageAsync(timeout: TimeSpan.FromSeconds(10), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(receipt.MessageId, recorded.Id);
        Assert.Single(sandbox.Messages);
    }

    [Fact]
    public async Task SendAsync_SandboxRejects_ThrowsPermanentRejectionAfterOneRequest()
    {
        await using var sandbox = await SesSandbox.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        sandbox.Faults.RejectNext(1, "Email address is not verified.");
        await using var transport = new HttpsTransport(Options(sandbox));

        var error = await Assert.ThrowsAsync<SesMessageRejectedException>(() => transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken));

        Assert.False(error.IsTransient);
        Assert.Equal(400, (int?)error.HttpStatusCode);
        Assert.Equal("MessageRejected", error.ErrorType);
        Assert.Contains("Email address is not verified.", error.ServerMessage, StringComparison.Ordinal);
        Assert.Empty(sandbox.Messages);

        // The reject count was one: had the transport retried, this second send would not be the first to pass.
        var receipt = await transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);
        Assert.Equal(1, receipt.Attempts);
        Assert.Single(sandbox.Messages);
    }

    [Fact]
    public async Task SendAsync_WrongSecretKey_ThrowsAuthenticationAndRecordsNothing()
    {
        await using var sandbox = await SesSandbox.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var wrong = new StaticCredentialsProvider(new AwsCredentials(sandbox.Credentials.AccessKeyId, "not-the-sandbox-secret-key-0000000000000"));
        await using var transport = new HttpsTransport(Options(sandbox, o => o.CredentialsProvider = wrong));

        var error = await Assert.ThrowsAsync<SesAuthenticationException>(() => transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken));

        Assert.False(error.IsTransient);
        Assert.DoesNotContain("not-the-sandbox-secret-key", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(sandbox.Messages);
    }

    [Fact]
    public async Task SesApiClient_ConfigurationSetLifecycle_SandboxAppliesEachCall()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sandbox = await SesSandbox.StartAsync(cancellationToken: ct);
        using var client = new SesApiClient(Options(sandbox));

        await client.CreateConfigurationSetAsync("lifecycle", new SesDeliveryOptions { TlsPolicy = SesTlsPolicy.Optional }, ct);
        var created = await client.GetConfigurationSetAsync("lifecycle", ct);
        await client.PutConfigurationSetDeliveryOptionsAsync("lifecycle", SesTlsPolicy.Require, maxDeliverySeconds: 600, cancellationToken: ct);
        var updated = await client.GetConfigurationSetAsync("lifecycle", ct);

        Assert.Equal("lifecycle", created.Name);
        Assert.Equal(SesTlsPolicy.Optional, created.DeliveryOptions.TlsPolicy);
        Assert.Equal(SesTlsPolicy.Require, updated.DeliveryOptions.TlsPolicy);
        Assert.Equal(600, updated.DeliveryOptions.MaxDeliverySeconds);
        Assert.Equal(SandboxTlsPolicy.Require, sandbox.ConfigurationSets.GetTlsPolicy("lifecycle"));
    }

    [Fact]
    public async Task SesApiClient_UnknownConfigurationSet_ThrowsNotFoundError()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sandbox = await SesSandbox.StartAsync(cancellationToken: ct);
        using var client = new SesApiClient(Options(sandbox));

        var error = await Assert.ThrowsAsync<SesServiceException>(() => client.GetConfigurationSetAsync("missing", ct));

        Assert.Equal(404, (int?)error.HttpStatusCode);
        Assert.Equal("NotFoundException", error.ErrorType);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task SesApiClient_GetAccount_ReturnsSandboxQuota()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sandbox = await SesSandbox.StartAsync(cancellationToken: ct);
        using var client = new SesApiClient(Options(sandbox));
        await using (var transport = new HttpsTransport(Options(sandbox)))
        {
            await transport.SendAsync(HttpsTest.Message(), ct);
        }

        var account = await client.GetAccountAsync(ct);

        Assert.True(account.SendingEnabled);
        Assert.True(account.MaxSendRate > 0);
        Assert.True(account.Max24HourSend > 0);
        Assert.Equal(1, account.SentLast24Hours);
    }

    private static HttpsTransportOptions Options(SesSandbox sandbox, Action<HttpsTransportOptions>? configure = null)
    {
        var options = new HttpsTransportOptions
        {
            Region = sandbox.Region,
            ServiceUrl = sandbox.ApiEndpoint,
            CredentialsProvider = new StaticCredentialsProvider(sandbox.Credentials),
            OperationTimeout = TimeSpan.FromSeconds(30),
        };
        options.Tls.TrustAnchors.Add(sandbox.CertificateAuthority);
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(5);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(20);
        options.Retry.TotalTimeout = TimeSpan.FromSeconds(60);
        configure?.Invoke(options);
        return options;
    }

    private static X509ChainPolicy TrustSandbox(SesSandbox sandbox)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(sandbox.CertificateAuthority);
        return policy;
    }
}
