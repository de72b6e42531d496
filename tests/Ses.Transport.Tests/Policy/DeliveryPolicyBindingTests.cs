using System.Text;
using Microsoft.Extensions.Configuration;
using Ses.Transport.Policy;
using Ses.Transport.Security;

namespace Ses.Transport.Tests.Policy;

/// <summary>The policy is plain data: it binds from JSON configuration as it will from <c>appsettings.json</c>.</summary>
public sealed class DeliveryPolicyBindingTests
{
    [Fact]
    public void Bind_JsonSection_EverySettingArrives()
    {
        const string json = """
            {
              "Policy": {
                "MinimumTlsVersion": "Tls13",
                "ReceiverTls": "Optional",
                "ConfigurationSets": { "Optional": "default-set", "Require": "tls-required" },
                "EndToEnd": { "Protection": "Sign" },
                "Transports": [ "api", "smtp" ],
                "FailoverBenchTime": "00:02:00",
                "SendRate": { "Mode": "Fixed", "RecipientsPerSecond": 14 },
                "Rules": [
                  {
                    "Name": "bank",
                    "Recipients": [ "*.bank.example", "bank.example" ],
                    "ReceiverTls": "Require",
                    "EndToEnd": { "Protection": "Sign, Encrypt", "Scheme": "SMime" },
                    "Transports": [ "smtp" ]
                  }
                ]
              }
            }
            """;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var policy = new DeliveryPolicy();

        configuration.GetSection("Policy").Bind(policy);

        Assert.Equal(MinimumTlsVersion.Tls13, policy.MinimumTlsVersion);
        Assert.Equal("tls-required", policy.ConfigurationSets.Require);
        Assert.Equal(MessageProtection.Sign, policy.EndToEnd.Protection);
        Assert.Equal(["api", "smtp"], policy.Transports);
        Assert.Equal(TimeSpan.FromMinutes(2), policy.FailoverBenchTime);
        Assert.Equal(SendRateMode.Fixed, policy.SendRate.Mode);
        Assert.Equal(14, policy.SendRate.RecipientsPerSecond);
        var rule = Assert.Single(policy.Rules);
        Assert.Equal(["*.bank.example", "bank.example"], rule.Recipients);
        Assert.Equal(ReceiverTls.Require, rule.ReceiverTls);
        Assert.Equal(MessageProtection.SignAndEncrypt, rule.EndToEnd!.Protection);
        Assert.Equal(ProtectionScheme.SMime, rule.EndToEnd.Scheme);

        var plan = new DeliveryPolicyEngine(policy).Plan(PolicyTest.Message("clerk@branch.bank.example"));
        Assert.Equal(["smtp"], plan.Transports);
        Assert.Equal("tls-required", plan.ConfigurationSet);
        Assert.Equal(MessageProtection.SignAndEncrypt, plan.RequiredProtection);
    }

    [Fact]
    public void Bind_SendRateFromAccount_ModeAndRefreshIntervalArrive()
    {
        const string json = """{ "SendRate": { "Mode": "FromAccount", "AccountRefreshInterval": "00:15:00" } }""";
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var policy = new DeliveryPolicy();

        configuration.Bind(policy);

        Assert.Equal(SendRateMode.FromAccount, policy.SendRate.Mode);
        Assert.Equal(TimeSpan.FromMinutes(15), policy.SendRate.AccountRefreshInterval);
    }
}
