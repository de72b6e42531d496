using Ses.Transport.Internal;
using Ses.Transport.Https;
using Ses.Transport.Smtp;
using Ses.Transport.Smtp.Internal;

namespace Ses.Transport.Tests.Smtp;

/// <summary>Defaults and start-up validation of the SMTP transport options.</summary>
public sealed class SmtpTransportOptionsTests
{
    [Fact]
    public void Defaults_StartTls_Port587PoolOf4IdleRefreshBelowSesIdleTimeout()
    {
        var options = new StartTlsSmtpTransportOptions();

        Assert.Equal(587, options.Port);
        Assert.Equal(4, options.PoolSize);
        Assert.True(options.IdleRefreshThreshold < SesLimits.SmtpIdleTimeout);
        Assert.True(options.IdleRefreshThreshold > TimeSpan.Zero);
        Assert.True(options.MaxMessagesPerConnection > 0);
        Assert.True(options.MaxConnectionAge > TimeSpan.Zero);
    }

    [Fact]
    public void Defaults_ConnectionReplacement_After1000MessagesOr5Minutes()
    {
        var options = new TlsWrapperSmtpTransportOptions();

        Assert.Equal(1000, options.MaxMessagesPerConnection);
        Assert.Equal(TimeSpan.FromMinutes(5), options.MaxConnectionAge);
    }

    [Fact]
    public void Defaults_TlsWrapper_Port465()
    {
        Assert.Equal(465, new TlsWrapperSmtpTransportOptions().Port);
    }

    [Theory]
    [InlineData(25)]
    [InlineData(587)]
    [InlineData(2587)]
    public void Validate_RegionWithSesStartTlsPort_Valid(int port)
    {
        var options = new StartTlsSmtpTransportOptions { Region = "eu-central-1", Port = port, Credentials = SmtpTest.Credentials };

        Assert.Empty(SmtpTransportOptionsValidator.Validate(options));
        Assert.Equal("email-smtp.eu-central-1.amazonaws.com", options.ResolveHost());
    }

    [Theory]
    [InlineData(465)]
    [InlineData(2465)]
    public void Validate_RegionWithSesTlsWrapperPort_Valid(int port)
    {
        var options = new TlsWrapperSmtpTransportOptions { Region = "us-west-2", Port = port, Credentials = SmtpTest.Credentials };

        Assert.Empty(SmtpTransportOptionsValidator.Validate(options));
    }

    [Fact]
    public void Constructor_StartTlsWithRegionOnWrapperPort_ArgumentExceptionNamingThePorts()
    {
        var options = new StartTlsSmtpTransportOptions { Region = "eu-central-1", Port = 465, Credentials = SmtpTest.Credentials };

        var ex = Assert.Throws<ArgumentException>(() => new StartTlsSmtpTransport(options));

        Assert.Contains("25, 587, 2587", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HostWithAnyPort_Valid()
    {
        var options = new TlsWrapperSmtpTransportOptions { Host = "smtp.internal.example", Port = 10465, Credentials = SmtpTest.Credentials };

        Assert.Empty(SmtpTransportOptionsValidator.Validate(options));
        Assert.Equal("smtp.internal.example", options.ResolveHost());
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("eu-central-1", "smtp.example.com")]
    public void Validate_NotExactlyOneOfRegionAndHost_Invalid(string? region, string? host)
    {
        var options = new StartTlsSmtpTransportOptions { Region = region, Host = host, Credentials = SmtpTest.Credentials };

        Assert.Contains(SmtpTransportOptionsValidator.Validate(options), e => e.Contains("Region", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NoCredentials_Invalid()
    {
        var options = new StartTlsSmtpTransportOptions { Region = "eu-central-1" };

        Assert.Contains(SmtpTransportOptionsValidator.Validate(options), e => e.Contains("Credentials", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(70000)]
    public void Validate_PortOutOfRange_Invalid(int port)
    {
        var options = new StartTlsSmtpTransportOptions { Host = "127.0.0.1", Port = port, Credentials = SmtpTest.Credentials };

        Assert.Contains(SmtpTransportOptionsValidator.Validate(options), e => e.Contains("Port", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("dot.ted")]
    [InlineData("x\r\nBcc: victim@example.org")]
    public void Constructor_ConfigurationSetNameBreakingSesRules_ArgumentExceptionAtConstructionLikeHttps(string name)
    {
        var options = new StartTlsSmtpTransportOptions { Host = "127.0.0.1", Credentials = SmtpTest.Credentials, ConfigurationSetName = name };
        var wrapper = new TlsWrapperSmtpTransportOptions { Host = "127.0.0.1", Credentials = SmtpTest.Credentials, ConfigurationSetName = name };

        var ex = Assert.Throws<ArgumentException>(() => new StartTlsSmtpTransport(options));
        Assert.Throws<ArgumentException>(() => new TlsWrapperSmtpTransport(wrapper));

        Assert.Contains("ConfigurationSetName", ex.Message, StringComparison.Ordinal);
        Assert.Contains("breaks SES's rules", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("marketing_2026-q4")]
    [InlineData(null)]
    [InlineData("")]
    public void Validate_ConfigurationSetNameWithinSesRulesOrUnset_Valid(string? name)
    {
        var options = new StartTlsSmtpTransportOptions { Host = "127.0.0.1", Credentials = SmtpTest.Credentials, ConfigurationSetName = name };

        Assert.Empty(SmtpTransportOptionsValidator.Validate(options));
    }

    [Fact]
    public void Validate_PoolSizeZero_Invalid()
    {
        var options = new StartTlsSmtpTransportOptions { Host = "127.0.0.1", Credentials = SmtpTest.Credentials, PoolSize = 0 };

        Assert.Contains(SmtpTransportOptionsValidator.Validate(options), e => e.Contains("PoolSize", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RegionWithUpperCaseOrSpaces_Invalid()
    {
        var options = new StartTlsSmtpTransportOptions { Region = "EU Central 1", Credentials = SmtpTest.Credentials };

        Assert.Contains(SmtpTransportOptionsValidator.Validate(options), e => e.Contains("region", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-eu-central-1")]
    [InlineData("eu-central-1-")]
    public void Validate_RegionWithOuterDash_InvalidAsForHttps(string region)
    {
        var options = new StartTlsSmtpTransportOptions { Region = region, Credentials = SmtpTest.Credentials };

        Assert.False(SesApiEndpoint.IsRegionName(region));
        Assert.Contains(SmtpTransportOptionsValidator.Validate(options), e => e.Contains("not an AWS region name", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_InvalidOptions_MessageNeverContainsThePassword()
    {
        var options = new StartTlsSmtpTransportOptions { Credentials = SmtpTest.Credentials, PoolSize = -1 };

        var ex = Assert.Throws<ArgumentException>(() => new StartTlsSmtpTransport(options));

        SmtpTest.AssertNoSecret(ex.ToString());
    }
}
