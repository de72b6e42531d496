using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Ses.Transport.Policy;
using Ses.Transport.Security;
using Ses.Transport.Tests.Https.Fixtures;
using Ses.Transport.Tests.Policy;
using Ses.Transport.Tests.Shared;
using Ses.Transport.Tests.Smtp;
using Ses.Transport.Tests.Smtp.Peers;

namespace Ses.Transport.Tests.DependencyInjection;

public sealed class SesTransportBuilderTests
{
    [Fact]
    public async Task AddSesTransport_ConfiguredInCodeWithKeyObjectsAndARule_ArrivesEncryptedOverSmtp()
    {
        await using var smtp = await InProcessSmtpServer.StartAsync();
        var services = new ServiceCollection();
        var rule = PolicyTest.Rule("pgp-only", PolicyTest.RecipientAddress);
        rule.EndToEnd = PolicyTest.EndToEnd(MessageProtection.SignAndEncrypt, ProtectionScheme.Pgp);
        services
            .AddSesTransport(o =>
            {
                o.Region = SmtpTest.Region;
                o.StartTlsSmtp.Host = "127.0.0.1";
                o.StartTlsSmtp.Port = smtp.StartTlsPort;
                o.OperationTimeout = TimeSpan.FromSeconds(10);
            })
            .UseTransports(SesTransportKind.StartTlsSmtp)
            .UseSmtpCredentials(SmtpTest.Credentials)
            .AddTrustAnchor(TestCertificates.Authority)
            .UseKeys(keys =>
            {
                keys.PgpSigner = PolicyTest.Sender.Pgp;
                keys.PgpRecipients.Add(PolicyTest.Recipient.PgpPublic);
            })
            .AddRule(rule);
        await using var provider = services.BuildServiceProvider();

        var receipt = await provider.GetRequiredService<ISesTransport>().SendAsync(PolicyTest.Message(), TestContext.Current.CancellationToken);

        Assert.Equal(SesTransportKind.StartTlsSmtp, receipt.Transport);
        Assert.Equal(["rule 'pgp-only'"], receipt.Plan!.MatchedRules);
        var arrived = Assert.Single(smtp.Messages);
        using var reader = PolicyTest.RecipientReader();
        var read = await reader.ReadAsync(arrived, TestContext.Current.CancellationToken);
        Assert.Equal(ProtectionScheme.Pgp, read.EncryptionScheme);
        Assert.True(Assert.Single(read.Signatures).IsValid);
    }

    [Fact]
    public async Task SendAsync_SendRateFromAccount_ReadsGetAccountBeforeTheFirstSend()
    {
        await using var api = await FakeSesApi.StartAsync();
        var services = new ServiceCollection();
        services.AddSesTransport(DiTest.Configuration(DiTest.Settings(("Https:ServiceUrl", api.BaseUri.ToString()), ("Policy:SendRate:Mode", "FromAccount"))).GetSection(DiTest.Section));
        await using var provider = services.BuildServiceProvider();
        var transport = provider.GetRequiredService<ISesTransport>();

        await transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);
        await transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);

        Assert.Equal(["GET /v2/email/account", "POST /v2/email/outbound-emails", "POST /v2/email/outbound-emails"], api.Operations);
    }

    [Fact]
    public async Task ConfigurePolicy_ReceiverTlsRequireAndSetVerifiedInCode_SendsWithTheSet()
    {
        await using var api = await FakeSesApi.StartAsync();
        var services = new ServiceCollection();
        services.AddSesTransport(DiTest.Configuration(DiTest.Settings(("Https:ServiceUrl", api.BaseUri.ToString()))).GetSection(DiTest.Section))
            .ConfigurePolicy(policy =>
            {
                policy.ReceiverTls = ReceiverTls.Require;
                policy.ConfigurationSets.Require = "checked-elsewhere";
            });
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<KnownConfigurationSets>().Record("checked-elsewhere", ReceiverTls.Require);

        var receipt = await provider.GetRequiredService<ISesTransport>().SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);

        Assert.Equal("checked-elsewhere", receipt.ConfigurationSet);
        Assert.Equal("checked-elsewhere", FakeSesApi.ConfigurationSetOf(Assert.Single(api.Sends)));
    }

    [Fact]
    public async Task AddHealthCheck_CalledTwice_OneCheckRuns()
    {
        await using var api = await FakeSesApi.StartAsync();
        var services = new ServiceCollection();
        var builder = services.AddSesTransport(DiTest.Configuration(DiTest.Settings(("Https:ServiceUrl", api.BaseUri.ToString()))).GetSection(DiTest.Section));
        builder.AddHealthCheck();
        builder.AddHealthCheck();
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Healthy, Assert.Single(report.Entries).Value.Status);
        Assert.Single(api.Operations);
    }
}
