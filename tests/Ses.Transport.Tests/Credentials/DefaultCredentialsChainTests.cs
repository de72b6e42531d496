using System.Net;
using Ses.Transport.Credentials;
using Ses.Transport.Tests.Credentials.Fixtures;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Tests.Credentials;

/// <summary>
/// The whole chain over its real sources: variables from a private environment, files in a temporary home, and a
/// local container endpoint and instance metadata endpoint (two servers, so each answer says which source won).
/// </summary>
public sealed class DefaultCredentialsChainTests : IAsyncLifetime
{
    private const string EnvironmentKeyId = "AKIAFROMENVIRONMENT1";
    private const string FileKeyId = "AKIAFROMSHAREDFILE01";
    private const string ContainerKeyId = "ASIAFROMCONTAINER001";
    private const string InstanceKeyId = "ASIAFROMINSTANCE0001";

    private readonly TestEnvironment _env = new();
    private FakeMetadataServer _container = null!;
    private FakeMetadataServer _instance = null!;

    public async ValueTask InitializeAsync()
    {
        _container = await FakeMetadataServer.StartAsync();
        _container.AccessKeyId = ContainerKeyId;
        _container.RequiredAuthorization = FakeSecrets.ContainerToken;
        _instance = await FakeMetadataServer.StartAsync();
        _instance.AccessKeyId = InstanceKeyId;
    }

    public async ValueTask DisposeAsync()
    {
        await _container.DisposeAsync();
        await _instance.DisposeAsync();
        _env.Dispose();
    }

    [Fact]
    public async Task GetCredentialsAsync_EverySourceConfigured_EnvironmentWins()
    {
        ConfigureEnvironment();
        ConfigureFile();
        ConfigureContainer();
        _env.UseInstanceMetadata(_instance.BaseUri);

        var credentials = await Chain().GetCredentialsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(EnvironmentKeyId, credentials.AccessKeyId);
        Assert.Equal(0, _container.TotalRequests + _instance.TotalRequests);
    }

    [Fact]
    public async Task GetCredentialsAsync_NoEnvironment_SharedFileBeatsContainer()
    {
        ConfigureFile();
        ConfigureContainer();
        _env.UseInstanceMetadata(_instance.BaseUri);

        var credentials = await Chain().GetCredentialsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(FileKeyId, credentials.AccessKeyId);
        Assert.Equal(0, _container.TotalRequests + _instance.TotalRequests);
    }

    [Fact]
    public async Task GetCredentialsAsync_DefaultProfileWithoutKeys_FallsThroughToContainer()
    {
        _env.WriteAwsFile("config", "[default]\nregion = eu-central-1\n");
        ConfigureContainer();
        _env.UseInstanceMetadata(_instance.BaseUri);

        var credentials = await Chain().GetCredentialsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(ContainerKeyId, credentials.AccessKeyId);
        Assert.Equal(0, _instance.TotalRequests);
    }

    [Fact]
    public async Task GetCredentialsAsync_OnlyInstanceMetadata_UsesIt()
    {
        _env.UseInstanceMetadata(_instance.BaseUri);

        var credentials = await Chain().GetCredentialsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(InstanceKeyId, credentials.AccessKeyId);
        Assert.Equal(FakeSecrets.SessionToken, credentials.SessionToken);
    }

    [Fact]
    public async Task GetCredentialsAsync_ManyCalls_EndpointHitOnce()
    {
        ConfigureContainer();
        var chain = Chain();

        for (var i = 0; i < 25; i++)
        {
            Assert.Equal(ContainerKeyId, (await chain.GetCredentialsAsync(TestContext.Current.CancellationToken)).AccessKeyId);
        }

        Assert.Equal(1, _container.CredentialRequests);
    }

    [Fact]
    public async Task GetCredentialsAsync_NothingYields_ThrowsListingEverySourceTried()
    {
        _env.UseInstanceMetadata(new Uri($"http://127.0.0.1:{FreePort.Next()}"));

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await Chain().GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.Contains("environment (AWS_ACCESS_KEY_ID", ex.Message, StringComparison.Ordinal);
        Assert.Contains("shared files (neither", ex.Message, StringComparison.Ordinal);
        Assert.Contains("container (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", ex.Message, StringComparison.Ordinal);
        Assert.Contains("instance metadata (instance metadata: http://127.0.0.1:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("could not be reached", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task GetCredentialsAsync_InstanceMetadataDisabled_ThrowsWithoutAskingIt()
    {
        _env.UseInstanceMetadata(_instance.BaseUri);
        _env["AWS_EC2_METADATA_DISABLED"] = "true";

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await Chain().GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.Contains("instance metadata (disabled by AWS_EC2_METADATA_DISABLED)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _instance.TotalRequests);
    }

    [Fact]
    public async Task GetCredentialsAsync_ContainerConfiguredButFailing_StopsBeforeInstanceMetadata()
    {
        ConfigureContainer();
        _container.CredentialsStatus = HttpStatusCode.InternalServerError;
        _env.UseInstanceMetadata(_instance.BaseUri);

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await Chain().GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.Equal(500, ex.HttpStatusCode);
        Assert.True(ex.IsTransient);
        Assert.Equal(0, _instance.TotalRequests);
    }

    [Fact]
    public async Task GetCredentialsAsync_MalformedSharedFile_StopsWithFileError()
    {
        var path = _env.WriteAwsFile("credentials", $"[default]\naws_access_key_id = {FileKeyId}\n{FakeSecrets.SecretAccessKey.Replace("=", "", StringComparison.Ordinal)}\n");
        _env.UseInstanceMetadata(_instance.BaseUri);

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await Chain().GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.Contains($"{path} is malformed at line 3", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _instance.TotalRequests);
        FakeSecrets.AssertNone(ex, FakeSecrets.SecretAccessKey.Replace("=", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetCredentialsAsync_AnyOutcome_NoSecretInAnyLogLine()
    {
        using var logs = new RecordingLoggerFactory();
        ConfigureContainer();
        _env.UseInstanceMetadata(_instance.BaseUri);
        var chain = Chain(logs);
        await chain.GetCredentialsAsync(TestContext.Current.CancellationToken);

        // A failing container, a failing instance endpoint and a chain that finds nothing, logged too.
        _container.CredentialsStatus = HttpStatusCode.Unauthorized;
        await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await Chain(logs).GetCredentialsAsync(TestContext.Current.CancellationToken));
        _env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = null;
        _instance.RejectTokens = true;
        await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await Chain(logs).GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.Contains(logs.Lines, line => line.Contains("[303]", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.Contains("[305]", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.Contains("[300]", StringComparison.Ordinal));
        FakeSecrets.AssertNone(logs.AllText);
        Assert.DoesNotContain(FakeMetadataServer.EcsPath, logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToString_ProvidersAndCredentials_ShowNoSecret()
    {
        ConfigureEnvironment();
        ConfigureContainer();
        var chain = Chain();
        var credentials = await chain.GetCredentialsAsync(TestContext.Current.CancellationToken);
        object[] all =
        [
            chain,
            credentials,
            new StaticCredentialsProvider(credentials),
            new EnvironmentCredentialsProvider(_env.Get),
            new SharedCredentialsFileProvider(_env.Get),
            new ContainerCredentialsProvider(_env.Get),
            new InstanceMetadataCredentialsProvider(_env.Get),
            new RefreshingCredentialsProvider(new ContainerCredentialsProvider(_env.Get)),
        ];

        foreach (var item in all)
        {
            var text = item.ToString();
            Assert.StartsWith(item.GetType().Name, text, StringComparison.Ordinal);
            FakeSecrets.AssertNone(text);
            Assert.DoesNotContain(FakeMetadataServer.EcsPath, text, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The chain over the loopback fakes with a generous metadata time-out, so that a busy test machine cannot turn an
    /// expected answer into the 1–2 s defaults' time-out (the providers' own tests cover their time-outs).
    /// </summary>
    private DefaultCredentialsChain Chain(RecordingLoggerFactory? logs = null) =>
        new(_env.Get, httpClient: null, timeProvider: null, logs, metadataTimeout: TimeSpan.FromSeconds(30));

    private void ConfigureEnvironment()
    {
        _env["AWS_ACCESS_KEY_ID"] = EnvironmentKeyId;
        _env["AWS_SECRET_ACCESS_KEY"] = FakeSecrets.SecretAccessKey;
        _env["AWS_SESSION_TOKEN"] = FakeSecrets.SessionToken;
    }

    private void ConfigureFile() =>
        _env.WriteAwsFile("credentials", $"[default]\naws_access_key_id = {FileKeyId}\naws_secret_access_key = {FakeSecrets.SecretAccessKey}\n");

    private void ConfigureContainer()
    {
        _env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = _container.EcsUri.ToString();
        _env["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = FakeSecrets.ContainerToken;
    }
}
