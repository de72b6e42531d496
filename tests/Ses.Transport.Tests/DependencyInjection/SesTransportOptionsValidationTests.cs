using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Ses.Transport.DependencyInjection;
using Ses.Transport.Policy;
using Ses.Transport.Tests.Smtp;

namespace Ses.Transport.Tests.DependencyInjection;

public sealed class SesTransportOptionsValidationTests
{
    private static readonly Lazy<string> NotPemFile = new(() =>
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ses-di-").FullName, "not-a-certificate.pem");
        File.WriteAllText(path, "this is not a certificate\n");
        return path;
    });

    private static readonly Lazy<string> SignerPfx = new(() =>
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ses-di-").FullName, "sender.pfx");
        File.WriteAllBytes(path, Ses.Transport.Tests.Policy.PolicyTest.Sender.Certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, "right-password"));
        return path;
    });

    private static readonly Dictionary<string, (Action<SesTransportOptions> Break, string Message)> Cases = new()
    {
        ["RegionMissing"] = (o => o.Region = " ", "SesTransport:Region is required (an AWS region such as eu-central-1)."),
        ["RegionInvalid"] = (o => o.Region = "EU_West", "SesTransport:Region 'EU_West' is not an AWS region name (lower-case letters, digits and '-')."),
        ["TransportUndefined"] = (o => o.Transports.Add((SesTransportKind)9), "SesTransport:Transports:3 '9' is not a transport (Https, StartTlsSmtp, TlsWrapperSmtp)."),
        ["TransportTwice"] = (o => o.Transports.Add(SesTransportKind.Https), "SesTransport:Transports:3 names Https a second time; list each transport once, in failover order."),
        ["ServiceUrlHttp"] = (o => o.Https.ServiceUrl = new Uri("http://127.0.0.1:9/"), "SesTransport:Https:ServiceUrl must be an absolute https URL (the transport never sends credentials or mail in clear)."),
        ["ServiceUrlQuery"] = (o => o.Https.ServiceUrl = new Uri("https://127.0.0.1:9/?x=1"), "SesTransport:Https:ServiceUrl must not have a query, fragment or user information."),
        ["ServiceUrlWithFips"] = (o => o.Https.UseFips = true, "SesTransport:Https:UseFips and Https:UseDualStack cannot be combined with Https:ServiceUrl; put the endpoint you want in Https:ServiceUrl."),
        ["MaxConnectionsZero"] = (o => o.Https.MaxConnectionsPerServer = 0, "SesTransport:Https:MaxConnectionsPerServer must be at least 1 (it is 0)."),
        ["PooledLifetimeInfinite"] = (o => o.Https.PooledConnectionLifetime = Timeout.InfiniteTimeSpan, "SesTransport:Https:PooledConnectionLifetime must be positive and bounded, so connections follow SES's DNS changes."),
        ["SmtpPortZero"] = (o => o.StartTlsSmtp.Port = 0, "SesTransport:StartTlsSmtp:Port must be between 1 and 65535 (it is 0)."),
        ["SmtpPortTooHigh"] = (o => o.TlsWrapperSmtp.Port = 70000, "SesTransport:TlsWrapperSmtp:Port must be between 1 and 65535 (it is 70000)."),
        ["SmtpPortNotOfferedBySes"] = (o => { o.StartTlsSmtp.Host = null; o.StartTlsSmtp.Port = 2465; }, "SesTransport:StartTlsSmtp:Port 2465 is not a port SES offers for STARTTLS (25, 587, 2587); set StartTlsSmtp:Host to use another port."),
        ["SmtpPoolSizeZero"] = (o => o.StartTlsSmtp.PoolSize = 0, "SesTransport:StartTlsSmtp:PoolSize must be at least 1 (it is 0)."),
        ["ProfileMissing"] = (o => { o.Credentials.Source = SesCredentialsSource.Profile; o.Credentials.Profile = null; }, "SesTransport:Credentials:Profile is required when Credentials:Source is Profile."),
        ["StaticWithoutKeyId"] = (o => o.Credentials.AccessKeyId = null, "SesTransport:Credentials:AccessKeyId is required when Credentials:Source is Static."),
        ["StaticWithoutSecret"] = (o => o.Credentials.SecretAccessKey = "", "SesTransport:Credentials:SecretAccessKey is required when Credentials:Source is Static."),
        ["SourceUndefined"] = (o => o.Credentials.Source = (SesCredentialsSource)7, "SesTransport:Credentials:Source '7' is not Default, Profile or Static."),
        ["SmtpUserWithoutPassword"] = (o => o.Credentials.SmtpUserName = "smtp-user", "SesTransport:Credentials:SmtpPassword must be set together with its pair (Credentials:SmtpUserName and Credentials:SmtpPassword), or neither to derive them."),
        ["SmtpPasswordWithoutUser"] = (o => o.Credentials.SmtpPassword = "smtp-secret-password", "SesTransport:Credentials:SmtpUserName must be set together with its pair (Credentials:SmtpUserName and Credentials:SmtpPassword), or neither to derive them."),
        ["TrustAnchorFileMissing"] = (o => o.TrustAnchorFile = "/nonexistent/ca.pem", "SesTransport:TrustAnchorFile '/nonexistent/ca.pem' does not exist."),
        ["TrustAnchorFileNotPem"] = (o => o.TrustAnchorFile = NotPemFile.Value, $"SesTransport:TrustAnchorFile '{NotPemFile.Value}' holds no readable PEM certificate (CryptographicException)."),
        ["MinimumTlsUndefined"] = (o => o.Policy.MinimumTlsVersion = (MinimumTlsVersion)5, "SesTransport:Policy:MinimumTlsVersion '5' is not Tls12 or Tls13."),
        ["OperationTimeoutZero"] = (o => o.OperationTimeout = TimeSpan.Zero, "SesTransport:OperationTimeout must be positive and at most about 24 days."),
        ["RetryAttemptsNegative"] = (o => o.Retry.MaxRetryAttempts = -1, "SesTransport:Retry:MaxRetryAttempts must not be negative."),
        ["RetryMaxDelayBelowBase"] = (o => { o.Retry.BaseDelay = TimeSpan.FromSeconds(1); o.Retry.MaxDelay = TimeSpan.FromMilliseconds(500); }, "SesTransport:Retry:MaxDelay must be at least Retry:BaseDelay, and neither negative."),
        ["RetryTotalTimeoutZero"] = (o => o.Retry.TotalTimeout = TimeSpan.Zero, "SesTransport:Retry:TotalTimeout must be positive."),
        ["PolicyTransportUnknown"] = (o => o.Policy.Transports.Add("CarrierPigeon"), "SesTransport:Policy:Transports:0 names transport 'CarrierPigeon', which is not among the configured transports (Https, StartTlsSmtp, TlsWrapperSmtp)."),
        ["ReceiverTlsUndefined"] = (o => o.Policy.ReceiverTls = (ReceiverTls)4, "SesTransport:Policy:ReceiverTls '4' is not Optional or Require."),
        ["ConfigurationSetNameInvalid"] = (o => o.Policy.ConfigurationSets.Optional = "bad name!", "SesTransport:Policy:ConfigurationSets:Optional 'bad name!' is not a valid configuration set name (ASCII letters, digits, '_' and '-', 1 to 64 characters)."),
        ["RequireWithoutSet"] = (o => o.Policy.ReceiverTls = ReceiverTls.Require, "SesTransport:Policy:ConfigurationSets:Require is required when Policy:ReceiverTls is Require (a configuration set whose TlsPolicy is REQUIRE)."),
        ["FailoverBenchTimeNegative"] = (o => o.Policy.FailoverBenchTime = TimeSpan.FromSeconds(-1), "SesTransport:Policy:FailoverBenchTime must not be negative."),
        ["FixedRateZero"] = (o => { o.Policy.SendRate.Mode = SendRateMode.Fixed; o.Policy.SendRate.RecipientsPerSecond = 0; }, "SesTransport:Policy:SendRate:RecipientsPerSecond must be a finite number above 0 when Policy:SendRate:Mode is Fixed (it is 0)."),
        ["AccountRefreshIntervalZero"] = (o => { o.Policy.SendRate.Mode = SendRateMode.FromAccount; o.Policy.SendRate.AccountRefreshInterval = TimeSpan.Zero; }, "SesTransport:Policy:SendRate:AccountRefreshInterval must be above 0, or infinite (-00:00:00.001) to read the account's rate once, when Policy:SendRate:Mode is FromAccount (it is 00:00:00)."),
        ["AccountRefreshIntervalNegative"] = (o => { o.Policy.SendRate.Mode = SendRateMode.FromAccount; o.Policy.SendRate.AccountRefreshInterval = TimeSpan.FromMinutes(-5); }, "SesTransport:Policy:SendRate:AccountRefreshInterval must be above 0, or infinite (-00:00:00.001) to read the account's rate once, when Policy:SendRate:Mode is FromAccount (it is -00:05:00)."),
        ["RateModeUndefined"] = (o => o.Policy.SendRate.Mode = (SendRateMode)9, "SesTransport:Policy:SendRate:Mode '9' is not None, Fixed or FromAccount."),
        ["RuleWithoutRecipients"] = (o => o.Policy.Rules.Add(new DeliveryRule { Name = "empty" }), "SesTransport:Policy:Rules:0:Recipients must list at least one address, domain or *.domain pattern."),
        ["RuleTransportUnknown"] = (o => o.Policy.Rules.Add(Rule(r => r.Transports.Add("Fax"))), "SesTransport:Policy:Rules:0:Transports:0 names transport 'Fax', which is not among the configured transports (Https, StartTlsSmtp, TlsWrapperSmtp)."),
        ["RuleConfigurationSetInvalid"] = (o => o.Policy.Rules.Add(Rule(r => r.ConfigurationSet = "a b")), "SesTransport:Policy:Rules:0:ConfigurationSet 'a b' is not a valid configuration set name (ASCII letters, digits, '_' and '-', 1 to 64 characters)."),
        ["RuleReceiverTlsUndefined"] = (o => o.Policy.Rules.Add(Rule(r => r.ReceiverTls = (ReceiverTls)3)), "SesTransport:Policy:Rules:0:ReceiverTls '3' is not Optional or Require."),
        ["RuleRequireWithoutSet"] = (o => o.Policy.Rules.Add(Rule(r => r.ReceiverTls = ReceiverTls.Require)), "SesTransport:Policy:Rules:0:ReceiverTls is Require, but neither the rule's ConfigurationSet nor Policy:ConfigurationSets:Require names a configuration set."),
        ["KeyPathMissing"] = (o => o.Keys.SmimeSigner = new SesKeyFileOptions { Password = "pfx-secret-password" }, "SesTransport:Keys:SmimeSigner:Path is required."),
        ["KeyFileMissing"] = (o => o.Keys.PgpRecipients.Add(new SesKeyFileOptions { Path = "/nonexistent/key.asc" }), "SesTransport:Keys:PgpRecipients:0:Path '/nonexistent/key.asc' does not exist."),
        ["SmimeRecipientFileMissing"] = (o => o.Keys.SmimeRecipients.Add(new SesKeyFileOptions { Path = "/nonexistent/bob.pem" }), "SesTransport:Keys:SmimeRecipients:0:Path '/nonexistent/bob.pem' does not exist."),
        ["SignerPasswordMissing"] = (o => o.Keys.PgpSigner = new SesKeyFileOptions { Path = DiTest.TrustAnchorFile }, "SesTransport:Keys:PgpSigner:Password is required (the PKCS#12 password or PGP passphrase; empty when the file has none)."),
        ["SmimeSignerWrongPassword"] = (o => o.Keys.SmimeSigner = new SesKeyFileOptions { Path = SignerPfx.Value, Password = "wrong-secret-password" }, $"SesTransport:Keys:SmimeSigner '{SignerPfx.Value}' could not be loaded (WrongPassphrase)."),
        ["PgpRecipientNotAKey"] = (o => o.Keys.PgpRecipients.Add(new SesKeyFileOptions { Path = DiTest.TrustAnchorFile }), $"SesTransport:Keys:PgpRecipients:0 '{DiTest.TrustAnchorFile}' could not be loaded (CorruptKeyData)."),
        ["CheckModeUndefined"] = (o => o.ConfigurationSetCheck = (ConfigurationSetCheckMode)8, "SesTransport:ConfigurationSetCheck '8' is not None, VerifyOnly or Ensure."),
        ["MaxDeliverySecondsOutOfRange"] = (o => o.ConfigurationSetMaxDeliverySeconds = 100, "SesTransport:ConfigurationSetMaxDeliverySeconds must be between 300 and 50400 (it is 100)."),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Fact]
    public void Validate_ValidSettings_NoFailure()
    {
        using var provider = Provider(_ => { });

        var options = provider.GetRequiredService<IOptionsMonitor<SesTransportOptions>>().CurrentValue;

        Assert.Equal(3, options.Transports.Count);
    }

    [Fact]
    public void Validate_AccountRateReadOnce_NoFailure()
    {
        using var provider = Provider(o => { o.Policy.SendRate.Mode = SendRateMode.FromAccount; o.Policy.SendRate.AccountRefreshInterval = Timeout.InfiniteTimeSpan; });

        var options = provider.GetRequiredService<IOptionsMonitor<SesTransportOptions>>().CurrentValue;

        Assert.Equal(Timeout.InfiniteTimeSpan, options.Policy.SendRate.AccountRefreshInterval);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Validate_BadSetting_MessageNamesTheSetting(string name)
    {
        var (breakIt, message) = Cases[name];
        using var provider = Provider(breakIt);

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<SesTransportOptions>>().CurrentValue);

        Assert.Contains(message, failure.Failures);
        foreach (var text in failure.Failures)
        {
            Assert.DoesNotContain(SmtpTest.SecretAccessKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-password", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_KeyedSenderFromItsOwnSection_MessageNamesThatSection()
    {
        var settings = DiTest.Settings();
        settings["Mail:Bulk:Region"] = "Not A Region";
        var services = new ServiceCollection();
        services.AddSesTransport(DiTest.Configuration(settings).GetSection(DiTest.Section));
        services.AddKeyedSesTransport("bulk", DiTest.Configuration(settings).GetSection("Mail:Bulk"));
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<SesTransportOptions>>().Get("bulk"));

        Assert.Contains("Mail:Bulk:Region 'Not A Region' is not an AWS region name (lower-case letters, digits and '-').", failure.Failures);
    }

    [Fact]
    public async Task StartAsync_InvalidSettings_HostDoesNotStart()
    {
        var settings = DiTest.Settings(("StartTlsSmtp:Port", "0"), ("Transports:0", "StartTlsSmtp"), ("StartTlsSmtp:Host", "127.0.0.1"));
        using var host = DiTest.Host(settings);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("SesTransport:StartTlsSmtp:Port must be between 1 and 65535 (it is 0).", failure.Failures);
    }

    private static DeliveryRule Rule(Action<DeliveryRule> configure)
    {
        var rule = new DeliveryRule { Name = "rule" };
        rule.Recipients.Add("example.org");
        configure(rule);
        return rule;
    }

    private static ServiceProvider Provider(Action<SesTransportOptions> breakIt)
    {
        var settings = DiTest.Settings(
            ("Transports:0", "Https"),
            ("Transports:1", "StartTlsSmtp"),
            ("Transports:2", "TlsWrapperSmtp"),
            ("Https:ServiceUrl", "https://127.0.0.1:9/"),
            ("StartTlsSmtp:Host", "127.0.0.1"),
            ("StartTlsSmtp:Port", "2525"),
            ("TlsWrapperSmtp:Host", "127.0.0.1"),
            ("TlsWrapperSmtp:Port", "2465"));
        var services = new ServiceCollection();
        services.AddSesTransport(DiTest.Configuration(settings).GetSection(DiTest.Section)).Configure(breakIt);
        return services.BuildServiceProvider();
    }
}
