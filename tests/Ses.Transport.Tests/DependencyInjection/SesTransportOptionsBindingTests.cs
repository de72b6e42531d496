using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ses.Transport.DependencyInjection;
using Ses.Transport.Policy;
using Ses.Transport.Security;

namespace Ses.Transport.Tests.DependencyInjection;

public sealed class SesTransportOptionsBindingTests
{
    private const string AppSettings = """
    {
      "SesTransport": {
        "Region": "eu-central-1",
        "Transports": [ "Https", "StartTlsSmtp", "TlsWrapperSmtp" ],
        "Https": { "UseFips": true, "MaxConnectionsPerServer": 8, "PooledConnectionLifetime": "00:02:00" },
        "StartTlsSmtp": { "Port": 2587, "PoolSize": 2 },
        "TlsWrapperSmtp": { "Host": "smtp.internal.example", "Port": 10465, "PoolSize": 3 },
        "Credentials": { "Source": "Profile", "Profile": "mailer" },
        "OperationTimeout": "00:00:20",
        "Retry": { "MaxRetryAttempts": 5, "BaseDelay": "00:00:00.250" },
        "ConfigurationSetCheck": "VerifyOnly",
        "ConfigurationSetMaxDeliverySeconds": 3600,
        "Policy": {
          "MinimumTlsVersion": "Tls13",
          "ReceiverTls": "Optional",
          "ConfigurationSets": { "Optional": "default-set", "Require": "tls-required" },
          "EndToEnd": { "Protection": "Sign", "Scheme": "SMime" },
          "FailoverBenchTime": "00:00:30",
          "SendRate": { "Mode": "Fixed", "RecipientsPerSecond": 12.5 },
          "Rules": [
            { "Name": "bank", "Recipients": [ "bank.example", "*.bank.example" ], "ReceiverTls": "Require",
              "EndToEnd": { "Protection": "SignAndEncrypt" }, "Transports": [ "Https" ] },
            { "Name": "ceo", "Recipients": [ "ceo@example.org" ], "ConfigurationSet": "vip" }
          ]
        }
      }
    }
    """;

    [Fact]
    public void AddSesTransport_RealisticAppSettings_BindsEverySetting()
    {
        var services = new ServiceCollection();
        services.AddSesTransport(DiTest.Json(AppSettings).GetSection("SesTransport"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<SesTransportOptions>>().CurrentValue;

        Assert.Equal("eu-central-1", options.Region);
        Assert.Equal([SesTransportKind.Https, SesTransportKind.StartTlsSmtp, SesTransportKind.TlsWrapperSmtp], options.Transports);
        Assert.True(options.Https.UseFips);
        Assert.Equal(8, options.Https.MaxConnectionsPerServer);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Https.PooledConnectionLifetime);
        Assert.Equal(2587, options.StartTlsSmtp.Port);
        Assert.Equal(2, options.StartTlsSmtp.PoolSize);
        Assert.Equal("smtp.internal.example", options.TlsWrapperSmtp.Host);
        Assert.Equal(10465, options.TlsWrapperSmtp.Port);
        Assert.Equal(SesCredentialsSource.Profile, options.Credentials.Source);
        Assert.Equal("mailer", options.Credentials.Profile);
        Assert.Equal(TimeSpan.FromSeconds(20), options.OperationTimeout);
        Assert.Equal(5, options.Retry.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.Retry.BaseDelay);
        Assert.Equal(ConfigurationSetCheckMode.VerifyOnly, options.ConfigurationSetCheck);
        Assert.Equal(3600, options.ConfigurationSetMaxDeliverySeconds);

        var policy = options.Policy;
        Assert.Equal(MinimumTlsVersion.Tls13, policy.MinimumTlsVersion);
        Assert.Equal("default-set", policy.ConfigurationSets.Optional);
        Assert.Equal("tls-required", policy.ConfigurationSets.Require);
        Assert.Equal(MessageProtection.Sign, policy.EndToEnd.Protection);
        Assert.Equal(ProtectionScheme.SMime, policy.EndToEnd.Scheme);
        Assert.Equal(TimeSpan.FromSeconds(30), policy.FailoverBenchTime);
        Assert.Equal(SendRateMode.Fixed, policy.SendRate.Mode);
        Assert.Equal(12.5, policy.SendRate.RecipientsPerSecond);
        Assert.Equal(["Https", "StartTlsSmtp", "TlsWrapperSmtp"], policy.Transports);
        Assert.Equal(2, policy.Rules.Count);
        Assert.Equal("bank", policy.Rules[0].Name);
        Assert.Equal(["bank.example", "*.bank.example"], policy.Rules[0].Recipients);
        Assert.Equal(ReceiverTls.Require, policy.Rules[0].ReceiverTls);
        Assert.Equal(MessageProtection.SignAndEncrypt, policy.Rules[0].EndToEnd!.Protection);
        Assert.Equal(["Https"], policy.Rules[0].Transports);
        Assert.Equal("vip", policy.Rules[1].ConfigurationSet);
        Assert.Null(policy.Rules[1].ReceiverTls);
    }

    [Fact]
    public void AddSesTransport_NoTransportsListed_HttpsAloneAndPolicyOrderFollows()
    {
        var services = new ServiceCollection();
        services.AddSesTransport(DiTest.Json("""{ "SesTransport": { "Region": "us-east-1" } }""").GetSection("SesTransport"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SesTransportOptions>>().Value;

        Assert.Equal([SesTransportKind.Https], options.Transports);
        Assert.Equal(["Https"], options.Policy.Transports);
        Assert.Equal(SesCredentialsSource.Default, options.Credentials.Source);
    }

    [Fact]
    public void AddSesTransport_TransportsListed_PolicyFailoverOrderIsTheListedOrder()
    {
        var services = new ServiceCollection();
        services.AddSesTransport(DiTest.Json("""{ "SesTransport": { "Region": "us-east-1", "Transports": [ "TlsWrapperSmtp", "Https" ] } }""").GetSection("SesTransport"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SesTransportOptions>>().Value;

        Assert.Equal(["TlsWrapperSmtp", "Https"], options.Policy.Transports);
    }

    [Fact]
    public void SesCredentialsOptions_ToString_HidesSecrets()
    {
        var credentials = new SesCredentialsOptions { Source = SesCredentialsSource.Static, AccessKeyId = "AKIDEXAMPLE", SecretAccessKey = "very-secret-key", SessionToken = "session-token-secret", SmtpUserName = "user", SmtpPassword = "smtp-secret" };
        var keyFile = new SesKeyFileOptions { Path = "/keys/signer.pfx", Password = "pfx-secret" };

        var text = credentials + " " + keyFile;

        Assert.DoesNotContain("very-secret-key", text, StringComparison.Ordinal);
        Assert.DoesNotContain("session-token-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("smtp-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pfx-secret", text, StringComparison.Ordinal);
        Assert.Contains("AKIDEXAMPLE", text, StringComparison.Ordinal);
    }
}
