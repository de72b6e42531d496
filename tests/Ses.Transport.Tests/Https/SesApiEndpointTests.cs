using Ses.Transport.Https;

namespace Ses.Transport.Tests.Https;

public sealed class SesApiEndpointTests
{
    [Theory]
    [InlineData("eu-central-1", false, false, "https://email.eu-central-1.amazonaws.com/")]
    [InlineData("us-east-1", true, false, "https://email-fips.us-east-1.amazonaws.com/")]
    [InlineData("eu-west-1", false, true, "https://email.eu-west-1.api.aws/")]
    [InlineData("us-gov-west-1", true, true, "https://email-fips.us-gov-west-1.api.aws/")]
    public void ForRegion_Variants_DocumentedHost(string region, bool fips, bool dualStack, string expected)
    {
        Assert.Equal(new Uri(expected), SesApiEndpoint.ForRegion(region, fips, dualStack));
    }

    [Theory]
    [InlineData("")]
    [InlineData("EU-WEST-1")]
    [InlineData("eu-west-1.evil.example")]
    [InlineData("eu west 1")]
    [InlineData("-eu-west-1")]
    public void ForRegion_NotARegionName_ArgumentException(string region)
    {
        Assert.Throws<ArgumentException>(() => SesApiEndpoint.ForRegion(region));
    }
}
