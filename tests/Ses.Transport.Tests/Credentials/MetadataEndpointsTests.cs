using Ses.Transport.Credentials.Internal;

namespace Ses.Transport.Tests.Credentials;

public class MetadataEndpointsTests
{
    [Theory]
    [InlineData("http://169.254.170.2/v2/credentials/x", true)]
    [InlineData("http://169.254.170.23/v1/credentials", true)]
    [InlineData("http://[fd00:ec2::23]/v1/credentials", true)]
    [InlineData("http://127.0.0.1:8080/creds", true)]
    [InlineData("http://127.1.2.3/creds", true)]
    [InlineData("http://[::1]/creds", true)]
    [InlineData("http://[::ffff:127.0.0.1]/creds", true)]
    [InlineData("http://localhost:9000/creds", true)]
    [InlineData("https://credentials.example.com/creds", true)]
    [InlineData("http://169.254.170.3/creds", false)]
    [InlineData("http://169.254.169.254/creds", false)]
    [InlineData("http://[fd00:ec2::24]/creds", false)]
    [InlineData("http://10.0.0.1/creds", false)]
    [InlineData("http://example.com/creds", false)]
    [InlineData("http://localhost.example.com/creds", false)]
    [InlineData("http://user:pass@127.0.0.1/creds", false)]
    [InlineData("ftp://127.0.0.1/creds", false)]
    public void IsAllowedForContainer_Host_FollowsTheSdkRule(string uri, bool allowed)
    {
        Assert.Equal(allowed, MetadataEndpoints.IsAllowedForContainer(new Uri(uri)));
    }

    [Theory]
    [InlineData("http://169.254.169.254", true)]
    [InlineData("http://[fd00:ec2::254]", true)]
    [InlineData("http://169.254.1.1", true)]
    [InlineData("http://[fe80::1]", true)]
    [InlineData("http://127.0.0.1:1338", true)]
    [InlineData("https://imds.example.com", true)]
    [InlineData("http://[fd00:ec2::253]", false)]
    [InlineData("http://192.168.1.1", false)]
    [InlineData("http://example.com", false)]
    public void IsAllowedForInstanceMetadata_Host_IsLocalOrHttps(string uri, bool allowed)
    {
        Assert.Equal(allowed, MetadataEndpoints.IsAllowedForInstanceMetadata(new Uri(uri)));
    }

    [Fact]
    public void Describe_UriWithPathQueryAndUserInfo_KeepsSchemeHostAndPortOnly()
    {
        var text = MetadataEndpoints.Describe(new Uri("http://user:secret@127.0.0.1:8080/v2/credentials/capability?x=secret"));

        Assert.Equal("http://127.0.0.1:8080", text);
    }
}
