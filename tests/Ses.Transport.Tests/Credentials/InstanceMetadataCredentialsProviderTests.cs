using Ses.Transport.Credentials;
using Ses.Transport.Tests.Credentials.Fixtures;

namespace Ses.Transport.Tests.Credentials;

public class InstanceMetadataCredentialsProviderTests
{
    [Fact]
    public async Task GetCredentialsAsync_ImdsV2_TokenThenRoleThenCredentials()
    {
        await using var server = await FakeMetadataServer.StartAsync();
        server.Expiration = new DateTimeOffset(2032, 1, 2, 3, 4, 5, TimeSpan.Zero);
        using var env = new TestEnvironment();
        env.UseInstanceMetadata(server.BaseUri);

        var credentials = await Loopback(env).GetCredentialsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(FakeSecrets.AccessKeyId, credentials.AccessKeyId);
        Assert.Equal(FakeSecrets.SecretAccessKey, credentials.SecretAccessKey);
        Assert.Equal(FakeSecrets.SessionToken, credentials.SessionToken);
        Assert.Equal(server.Expiration, credentials.Expiration);
        Assert.Equal((1, 1, 1), (server.TokenRequests, server.RoleListRequests, server.CredentialRequests));
        Assert.Single(server.ReceivedTokenTtl, ttl => int.Parse(ttl!, System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= 21600);
    }

    [Fact]
    public async Task GetCredentialsAsync_TokenRefused_ThrowsWithoutToken()
    {
        await using var server = await FakeMetadataServer.StartAsync();
        server.RejectTokens = true;
        using var env = new TestEnvironment();
        env.UseInstanceMetadata(server.BaseUri);

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await Loopback(env).GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.Equal(401, ex.HttpStatusCode);
        Assert.Contains("session token was refused", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.CredentialRequests);
        FakeSecrets.AssertNone(ex);
    }

    [Fact]
    public async Task GetCredentialsAsync_NoRoleAttached_ThrowsNamingTheCause()
    {
        await using var server = await FakeMetadataServer.StartAsync();
        server.RoleName = null;
        using var env = new TestEnvironment();
        env.UseInstanceMetadata(server.BaseUri);

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await Loopback(env).GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.Equal(404, ex.HttpStatusCode);
        Assert.Contains("no IAM role", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCredentialsAsync_DocumentCodeNotSuccess_Throws()
    {
        await using var server = await FakeMetadataServer.StartAsync();
        server.CredentialsBody = $$"""{"Code":"AssumeRoleUnauthorizedAccess","AccessKeyId":"{{FakeSecrets.AccessKeyId}}","SecretAccessKey":"{{FakeSecrets.SecretAccessKey}}","Expiration":"2031-01-01T00:00:00Z"}""";
        using var env = new TestEnvironment();
        env.UseInstanceMetadata(server.BaseUri);

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await Loopback(env).GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Code 'Success'", ex.Message, StringComparison.Ordinal);
        FakeSecrets.AssertNone(ex);
    }

    [Fact]
    public async Task GetCredentialsAsync_Disabled_ThrowsWithoutAnyRequest()
    {
        await using var server = await FakeMetadataServer.StartAsync();
        using var env = new TestEnvironment();
        env.UseInstanceMetadata(server.BaseUri);
        env["AWS_EC2_METADATA_DISABLED"] = "TRUE";

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await Loopback(env).GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.Contains("AWS_EC2_METADATA_DISABLED", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.TotalRequests);
    }

    [Fact]
    public async Task GetCredentialsAsync_EndpointNotAnswering_ThrowsTransientTimeout()
    {
        await using var server = await FakeMetadataServer.StartAsync();
        server.CredentialsDelay = TimeSpan.FromSeconds(30);
        using var env = new TestEnvironment();
        env.UseInstanceMetadata(server.BaseUri);
        var provider = new InstanceMetadataCredentialsProvider(env.Get) { Timeout = TimeSpan.FromMilliseconds(200) };

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await provider.GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.True(ex.IsTransient);
        Assert.Contains("did not answer within 200 ms", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://203.0.113.10")]
    [InlineData("http://example.com")]
    [InlineData("http://10.1.2.3:8080/")]
    public async Task GetCredentialsAsync_PlainHttpEndpointNotLocal_ThrowsWithoutAnyRequest(string endpoint)
    {
        using var env = new TestEnvironment();
        env.UseInstanceMetadata(new Uri(endpoint));
        using var recorder = new RecordingHandler();
        using var client = new HttpClient(recorder);

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await new InstanceMetadataCredentialsProvider(env.Get, client).GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.Contains("not an allowed endpoint", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, recorder.Requests);
    }

    [Fact]
    public void Endpoint_ModeIPv6_IsTheDocumentedIPv6Address()
    {
        using var env = new TestEnvironment { ["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"] = "IPv6" };

        var provider = new InstanceMetadataCredentialsProvider(env.Get);

        Assert.Equal(new Uri("http://[fd00:ec2::254]"), provider.Endpoint);
    }

    /// <summary>
    /// A provider for the loopback fake: a generous time-out, so that a busy test machine (Kestrel's first request)
    /// cannot turn an expected answer into the 1-second default's time-out, which a test of its own covers.
    /// </summary>
    private static InstanceMetadataCredentialsProvider Loopback(TestEnvironment env) => new(env.Get) { Timeout = TimeSpan.FromSeconds(30) };
}
