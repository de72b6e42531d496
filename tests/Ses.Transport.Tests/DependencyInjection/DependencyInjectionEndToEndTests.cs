using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MimeKit;
using Ses.Transport.Policy;
using Ses.Transport.Security;
using Ses.Transport.Testing;
using Ses.Transport.Tests.Policy;
using Ses.Transport.Tests.Security;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Tests.DependencyInjection;

/// <summary>The <see cref="ISesTransport"/> resolved from DI, configured from settings, against the local SES sandbox.</summary>
public sealed class DependencyInjectionEndToEndTests
{
    private const string RequireSet = "tls-required";

    [Fact]
    public async Task SendAsync_RuleDemandsEncryptionAndNoKey_NothingReachesTheSandbox()
    {
        await using var sandbox = await SesSandbox.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var settings = SandboxSettings.For(
            sandbox,
            ("Transports:0", "Https"),
            ("Transports:1", "StartTlsSmtp"),
            ("Policy:Rules:0:Name", "confidential"),
            ("Policy:Rules:0:Recipients:0", "example.net"),
            ("Policy:Rules:0:EndToEnd:Protection", "Encrypt"));
        using var host = DiTest.Host(settings);
        await host.StartAsync(TestContext.Current.CancellationToken);

        var failure = await Assert.ThrowsAsync<DeliveryPolicyViolationException>(
            () => host.Services.GetRequiredService<ISesTransport>().SendAsync(PolicyTest.Message(PolicyTest.RecipientAddress), TestContext.Current.CancellationToken));

        Assert.Equal(PolicyTest.RecipientAddress, failure.Address);
        Assert.Empty(sandbox.Messages);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData(SesTransportKind.StartTlsSmtp)]
    [InlineData(SesTransportKind.TlsWrapperSmtp)]
    public async Task SendAsync_SmtpWithTemporaryAwsCredentials_TypedAuthenticationErrorBeforeConnecting(SesTransportKind transport)
    {
        const string SessionToken = "temporary-session-token-value";
        await using var sandbox = await SesSandbox.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var settings = SandboxSettings.For(sandbox, ("Transports:0", transport.ToString()), ("Credentials:SessionToken", SessionToken));
        using var host = DiTest.Host(settings);
        await host.StartAsync(TestContext.Current.CancellationToken);

        var ex = await Assert.ThrowsAsync<SesAuthenticationException>(
            () => host.Services.GetRequiredService<ISesTransport>().SendAsync(PolicyTest.Message(PolicyTest.RecipientAddress), TestContext.Current.CancellationToken));

        Assert.False(ex.IsTransient);
        Assert.Contains("temporary credentials", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Credentials:SmtpUserName", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SessionToken, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(sandbox.Credentials.SecretAccessKey, ex.ToString(), StringComparison.Ordinal);
        Assert.Empty(sandbox.Messages);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData(SesTransportKind.Https)]
    [InlineData(SesTransportKind.StartTlsSmtp)]
    [InlineData(SesTransportKind.TlsWrapperSmtp)]
    public async Task SendAsync_RequireRuleWithEnsuredSet_MessageCarriesTheSetPutToRequire(SesTransportKind transport)
    {
        await using var sandbox = await SesSandbox.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var settings = SandboxSettings.For(
            sandbox,
            ("Transports:0", transport.ToString()),
            ("ConfigurationSetCheck", "Ensure"),
            ("Policy:ConfigurationSets:Require", RequireSet),
            ("Policy:Rules:0:Name", "bank"),
            ("Policy:Rules:0:Recipients:0", "example.net"),
            ("Policy:Rules:0:ReceiverTls", "Require"));
        using var host = DiTest.Host(settings);
        await host.StartAsync(TestContext.Current.CancellationToken);

        var receipt = await host.Services.GetRequiredService<ISesTransport>().SendAsync(PolicyTest.Message(PolicyTest.RecipientAddress), TestContext.Current.CancellationToken);

        var arrived = await sandbox.WaitForMessageAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(SandboxTlsPolicy.Require, sandbox.ConfigurationSets.GetTlsPolicy(RequireSet));
        Assert.Equal(RequireSet, arrived.ConfigurationSet);
        Assert.Equal(transport, arrived.Transport);
        Assert.Equal(RequireSet, receipt.ConfigurationSet);
        Assert.Equal(ReceiverTls.Require, receipt.Plan!.ReceiverTls);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task SendAsync_RequireRuleWithoutStartUpCheck_RefusedAndNothingSent()
    {
        await using var sandbox = await SesSandbox.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        sandbox.ConfigurationSets.Seed(RequireSet, SandboxTlsPolicy.Require);
        var settings = SandboxSettings.For(
            sandbox,
            ("Policy:ConfigurationSets:Require", RequireSet),
            ("Policy:ReceiverTls", "Require"));
        using var host = DiTest.Host(settings);
        await host.StartAsync(TestContext.Current.CancellationToken);

        var failure = await Assert.ThrowsAsync<DeliveryPolicyViolationException>(
            () => host.Services.GetRequiredService<ISesTransport>().SendAsync(PolicyTest.Message(), TestContext.Current.CancellationToken));

        Assert.Equal(RequireSet, failure.Setting);
        Assert.Empty(sandbox.Messages);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task SendAsync_HttpsEndpointClosed_FailsOverToSmtpAndDeliversOnce()
    {
        await using var sandbox = await SesSandbox.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var settings = SandboxSettings.For(
            sandbox,
            ("Transports:0", "Https"),
            ("Transports:1", "StartTlsSmtp"),
            ("Https:ServiceUrl", $"https://127.0.0.1:{FreePort.Next()}/"));
        using var host = DiTest.Host(settings);
        await host.StartAsync(TestContext.Current.CancellationToken);
        var message = PolicyTest.Message();

        var receipt = await host.Services.GetRequiredService<ISesTransport>().SendAsync(message, TestContext.Current.CancellationToken);

        Assert.Equal(SesTransportKind.StartTlsSmtp, receipt.Transport);
        var arrived = await sandbox.WaitForMessageAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(message.Subject, arrived.Subject);
        Assert.Single(sandbox.Messages);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task SendAsync_KeyFilesFromSettingsAndRuleDemandsSignAndEncrypt_ArrivesDecryptableAndVerified()
    {
        await using var sandbox = await SesSandbox.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var files = new TempDirectory();
        var signerPfx = files.Write("sender.pfx", PolicyTest.Sender.Certificate.Export(X509ContentType.Pfx, "pfx-password"));
        var recipientPem = files.Write("recipient.pem", PolicyTest.Recipient.Certificate.ExportCertificatePem());
        var settings = SandboxSettings.For(
            sandbox,
            ("Transports:0", "TlsWrapperSmtp"),
            ("Keys:SmimeSigner:Path", signerPfx),
            ("Keys:SmimeSigner:Password", "pfx-password"),
            ("Keys:SmimeRecipients:0:Path", recipientPem),
            ("Policy:Rules:0:Name", "confidential"),
            ("Policy:Rules:0:Recipients:0", PolicyTest.RecipientAddress),
            ("Policy:Rules:0:EndToEnd:Protection", "SignAndEncrypt"),
            ("Policy:Rules:0:EndToEnd:Scheme", "SMime"));
        using var host = DiTest.Host(settings);
        await host.StartAsync(TestContext.Current.CancellationToken);

        await host.Services.GetRequiredService<ISesTransport>().SendAsync(PolicyTest.Message(), TestContext.Current.CancellationToken);

        var arrived = (await sandbox.WaitForMessageAsync(cancellationToken: TestContext.Current.CancellationToken)).Parse();
        using var reader = PolicyTest.RecipientReader();
        var read = await reader.ReadAsync(arrived, TestContext.Current.CancellationToken);
        Assert.Equal(ProtectionScheme.SMime, read.EncryptionScheme);
        Assert.True(Assert.Single(read.Signatures).IsValid);
        Assert.Contains("for your eyes only", ((TextPart)read.Content).Text, StringComparison.Ordinal);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }
}
