using System.Net;
using Ses.Transport.Credentials;
using Ses.Transport.Tests.Credentials.Fixtures;

namespace Ses.Transport.Tests.Credentials;

public class ContainerCredentialsProviderTests
{
    /// <summary>
    /// A time-out for requests to the loopback fake, generous so that a busy test machine cannot turn an expected answer
    /// into the 2-second default's time-out, which <see cref="GetCredentialsAsync_EndpointTooSlow_ThrowsTransientTimeout"/> covers.
    /// </summary>
    private static readonly TimeSpan LoopbackTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task GetCredentialsAsync_RelativeUri_FetchesFromBase()
    {
        await using var server = await FakeMetadataServer.StartAsync();
        server.Expiration = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
        using var env = new TestEnvironment { ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = FakeMetadataServer.EcsPath };
        var provider = new ContainerCredentialsProvider(env.Get) { RelativeUriBase = server.BaseUri, Timeout = LoopbackTimeout };

        var credentials = await provider.GetCredentialsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(FakeSecrets.AccessKeyId, credentials.AccessKeyId);
        Assert.Equal(FakeSecrets.SecretAccessKey, credentials.SecretAccessKey);
        Assert.Equal(FakeSecrets.SessionToken, credentials.SessionToken);
        Assert.Equal(server.Expiration, credentials.Expiration);
        Assert.Equal(1, server.CredentialRequests);
    }

    [Fact]
    public async Task GetCredentialsAsync_FullUriWithToken_SendsTokenAsAuthorization()
    {
        await using var server = await FakeMetadataServer.StartAsync();
        server.RequiredAuthorization = FakeSecrets.ContainerToken;
        using var env = new TestEnvironment
        {
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = server.EcsUri.ToString(),
            ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = FakeSecrets.ContainerToken,
        };

        var credentials = await Loopback(env).GetCredentialsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(FakeSecrets.AccessKeyId, credentials.AccessKeyId);
        Assert.Equal([FakeSecrets.ContainerToken], server.ReceivedAuthorization);
    }

    [Fact]
    public async Task GetCredentialsAsync_TokenFileAndTokenVariable_TokenFileWins()
    {
        await using var server = await FakeMetadataServer.StartAsync();
        server.RequiredAuthorization = FakeSecrets.ContainerToken;
        using var env = new TestEnvironment
        {
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = server.EcsUri.ToString(),
            ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "stale-token-from-variable",
        };
        env["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = env.WriteFile("eks-pod-identity-token", FakeSecrets.ContainerToken + "\n");

        var credentials = await Loopback(env).GetCredentialsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(FakeSecrets.AccessKeyId, credentials.AccessKeyId);
        Assert.Equal([FakeSecrets.ContainerToken], server.ReceivedAuthorization);
    }

    [Fact]
    public async Task GetCredentialsAsync_WrongToken_ThrowsPermanentErrorWithoutToken()
    {
        await using var server = await FakeMetadataServer.StartAsync();
        server.RequiredAuthorization = "the-right-token";
        using var env = new TestEnvironment
        {
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = server.EcsUri.ToString(),
            ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = FakeSecrets.ContainerToken,
        };

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await Loopback(env).GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.Equal(401, ex.HttpStatusCode);
        Assert.False(ex.IsTransient);
        FakeSecrets.AssertNone(ex);
        Assert.DoesNotContain(FakeMetadataServer.EcsPath, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://203.0.113.10/creds")]
    [InlineData("http://example.com/creds")]
    [InlineData("http://169.254.170.3/creds")]
    [InlineData("http://10.0.0.1/creds")]
    [InlineData("ftp://127.0.0.1/creds")]
    [InlineData("not a uri")]
    public async Task GetCredentialsAsync_FullUriNotAllowed_ThrowsBeforeSendingToken(string fullUri)
    {
        using var env = new TestEnvironment
        {
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = fullUri,
            ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = FakeSecrets.ContainerToken,
        };
        using var recorder = new RecordingHandler();
        using var client = new HttpClient(recorder);

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await new ContainerCredentialsProvider(env.Get, client).GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.Equal(0, recorder.Requests);
        Assert.StartsWith("container credentials:", ex.Message, StringComparison.Ordinal);
        FakeSecrets.AssertNone(ex);
    }

    [Theory]
    [InlineData("//example.com/v2/credentials/x")]
    [InlineData("http://example.com/v2/credentials/x")]
    [InlineData("@example.com/x")]
    [InlineData("\\\\example.com/x")]
    public async Task GetCredentialsAsync_RelativeUriNamingAnotherHost_StaysOnBaseOrThrows(string relative)
    {
        await using var server = await FakeMetadataServer.StartAsync();
        using var env = new TestEnvironment { ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = relative };
        using var recorder = new RecordingHandler();
        using var client = new HttpClient(recorder);
        var provider = new ContainerCredentialsProvider(env.Get, client) { RelativeUriBase = server.BaseUri, Timeout = LoopbackTimeout };

        await Assert.ThrowsAsync<AwsCredentialsException>(async () => await provider.GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.All(recorder.Uris, uri => Assert.Equal(server.BaseUri.Authority, uri.Authority));
    }

    [Theory]
    [InlineData("{\"AccessKeyId\":\"" + FakeSecrets.AccessKeyId + "\",\"SecretAccessKey\":\"" + FakeSecrets.SecretAccessKey + "\"")]
    [InlineData("{\"AccessKeyId\":\"" + FakeSecrets.AccessKeyId + "\",\"SecretAccessKey\":\"" + FakeSecrets.SecretAccessKey + "\",\"Token\":\"" + FakeSecrets.SessionToken + "\",\"Expiration\":\"soon\"}")]
    [InlineData("{\"AccessKeyId\":\"" + FakeSecrets.AccessKeyId + "\",\"Token\":\"" + FakeSecrets.SessionToken + "\",\"Expiration\":\"2031-01-01T00:00:00Z\"}")]
    [InlineData("{\"AccessKeyId\":42,\"SecretAccessKey\":\"" + FakeSecrets.SecretAccessKey + "\"}")]
    [InlineData("<html>" + FakeSecrets.SecretAccessKey + "</html>")]
    [InlineData("{\"AccessKeyId\":\"" + FakeSecrets.AccessKeyId + "\",\"SecretAccessKey\":\"" + FakeSecrets.SecretAccessKey + "\",\"Token\":\"a\\r\\nX-Injected: 1\",\"Expiration\":\"2031-01-01T00:00:00Z\"}")]
    public async Task GetCredentialsAsync_MalformedDocument_ThrowsWithoutSecret(string body)
    {
        await using var server = await FakeMetadataServer.StartAsync();
        server.CredentialsBody = body;
        using var env = new TestEnvironment { ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = server.EcsUri.ToString() };

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await Loopback(env).GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.Contains("container credentials", ex.Message, StringComparison.Ordinal);
        FakeSecrets.AssertNone(ex);
    }

    [Fact]
    public async Task GetCredentialsAsync_ServerError_ThrowsTransient()
    {
        await using var server = await FakeMetadataServer.StartAsync();
        server.CredentialsStatus = HttpStatusCode.ServiceUnavailable;
        using var env = new TestEnvironment { ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = server.EcsUri.ToString() };

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await Loopback(env).GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.True(ex.IsTransient);
        Assert.Equal(503, ex.HttpStatusCode);
    }

    [Fact]
    public async Task GetCredentialsAsync_NothingListening_ThrowsTransientConnectionError()
    {
        using var env = new TestEnvironment { ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = $"http://127.0.0.1:{Shared.FreePort.Next()}/creds" };

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await Loopback(env).GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.True(ex.IsTransient);
        Assert.Contains("could not be reached", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCredentialsAsync_EndpointTooSlow_ThrowsTransientTimeout()
    {
        await using var server = await FakeMetadataServer.StartAsync();
        server.CredentialsDelay = TimeSpan.FromSeconds(30);
        using var env = new TestEnvironment { ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = server.EcsUri.ToString() };
        var provider = new ContainerCredentialsProvider(env.Get) { Timeout = TimeSpan.FromMilliseconds(200) };

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await provider.GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.True(ex.IsTransient);
        Assert.Contains("did not answer within 200 ms", ex.Message, StringComparison.Ordinal);
    }

    private static ContainerCredentialsProvider Loopback(TestEnvironment env) => new(env.Get) { Timeout = LoopbackTimeout };
}
