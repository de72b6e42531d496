using Microsoft.Extensions.Options;
using Ses.Transport.Credentials;
using Ses.Transport.Https;
using Ses.Transport.Https.Internal;

namespace Ses.Transport.Tests.Https;

public sealed class HttpsTransportOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new HttpsTransportOptions();

        Assert.Null(options.Region);
        Assert.Null(options.ServiceUrl);
        Assert.False(options.UseFips);
        Assert.False(options.UseDualStack);
        Assert.Null(options.CredentialsProvider);
        Assert.Equal(TimeSpan.FromMinutes(5), options.PooledConnectionLifetime);
        Assert.Equal(16, options.MaxConnectionsPerServer);
        Assert.Equal(MinimumTlsVersion.Tls12, options.Tls.MinimumVersion);
    }

    [Fact]
    public void Validate_RegionOnly_Succeeds()
    {
        var result = HttpsTransportOptionsValidator.Instance.Validate(null, new HttpsTransportOptions { Region = "eu-west-1" });

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData(null, "Region: required")]
    [InlineData("Eu_West", "Region: 'Eu_West' is not an AWS region name")]
    public void Validate_BadRegion_NamesRegion(string? region, string expected)
    {
        var result = HttpsTransportOptionsValidator.Instance.Validate(null, new HttpsTransportOptions { Region = region });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8005/", "ServiceUrl: scheme 'http' is not allowed")]
    [InlineData("https://email.example/?a=b", "ServiceUrl: must not have a query")]
    [InlineData("https://user:pw@email.example/", "ServiceUrl: must not have a query, fragment or user information")]
    public void Validate_BadServiceUrl_NamesServiceUrl(string url, string expected)
    {
        var result = HttpsTransportOptionsValidator.Instance.Validate(null, new HttpsTransportOptions { Region = "eu-west-1", ServiceUrl = new Uri(url) });

        Assert.Contains(result.Failures!, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RelativeServiceUrl_NamesServiceUrl()
    {
        var result = HttpsTransportOptionsValidator.Instance.Validate(null, new HttpsTransportOptions { Region = "eu-west-1", ServiceUrl = new Uri("/v2", UriKind.Relative) });

        Assert.Contains(result.Failures!, f => f.StartsWith("ServiceUrl: must be an absolute https URL", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ServiceUrlWithFips_NamesBoth()
    {
        var result = HttpsTransportOptionsValidator.Instance.Validate(
            null, new HttpsTransportOptions { Region = "eu-west-1", ServiceUrl = new Uri("https://vpce.example/"), UseFips = true });

        Assert.Contains(result.Failures!, f => f.StartsWith("UseFips/UseDualStack: cannot be combined with ServiceUrl", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EveryBadNumber_NamedOnce()
    {
        var options = new HttpsTransportOptions
        {
            Region = "eu-west-1",
            PooledConnectionLifetime = TimeSpan.Zero,
            MaxConnectionsPerServer = 0,
            OperationTimeout = TimeSpan.FromSeconds(-1),
            ConfigurationSetName = "has space",
        };

        var failures = HttpsTransportOptionsValidator.Problems(options);

        Assert.Equal(
            ["ConfigurationSetName", "MaxConnectionsPerServer", "OperationTimeout", "PooledConnectionLifetime"],
            failures.Select(f => f[..f.IndexOf(':', StringComparison.Ordinal)]).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Validate_InfiniteConnectionLifetime_Refused()
    {
        var failures = HttpsTransportOptionsValidator.Problems(new HttpsTransportOptions { Region = "eu-west-1", PooledConnectionLifetime = Timeout.InfiniteTimeSpan });

        Assert.StartsWith("PooledConnectionLifetime: must be bounded", Assert.Single(failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOptions_ArgumentExceptionNamingTheSetting()
    {
        var ex = Assert.Throws<ArgumentException>(() => new HttpsTransport(new HttpsTransportOptions { Region = "eu-west-1", MaxConnectionsPerServer = -3 }));

        Assert.Equal("options", ex.ParamName);
        Assert.Contains("MaxConnectionsPerServer: must be at least 1 (was -3)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Constructor_NoCredentialsProvider_UsesDefaultChainWithoutThrowing()
    {
        await using var transport = new HttpsTransport(new HttpsTransportOptions { Region = "eu-west-1" });

        Assert.Equal(new Uri("https://email.eu-west-1.amazonaws.com/"), transport.Endpoint);
    }

    [Fact]
    public async Task Constructor_OptionsChangedAfterwards_TransportKeepsItsSnapshot()
    {
        var options = new HttpsTransportOptions { Region = "eu-west-1", CredentialsProvider = new StaticCredentialsProvider("AKID", "secret") };
        await using var transport = new HttpsTransport(options);

        options.Region = "us-east-1";
        options.UseFips = true;

        Assert.Equal(new Uri("https://email.eu-west-1.amazonaws.com/"), transport.Endpoint);
    }

    [Fact]
    public void Validator_UsableAsIValidateOptions()
    {
        IValidateOptions<HttpsTransportOptions> validator = HttpsTransportOptionsValidator.Instance;

        Assert.True(validator.Validate("named", new HttpsTransportOptions()).Failed);
    }
}
