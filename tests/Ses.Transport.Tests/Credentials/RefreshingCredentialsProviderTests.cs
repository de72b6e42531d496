using System.Net;
using Microsoft.Extensions.Time.Testing;
using Ses.Transport.Credentials;
using Ses.Transport.Tests.Credentials.Fixtures;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Tests.Credentials;

/// <summary>The cache over a real container provider talking to a local endpoint; time from a <see cref="FakeTimeProvider"/>.</summary>
public sealed class RefreshingCredentialsProviderTests : IAsyncLifetime
{
    private const string SecondKeyId = "ASIASECONDKEY0000002";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly TestEnvironment _env = new();
    private readonly RecordingLoggerFactory _logs = new();
    private FakeMetadataServer _server = null!;
    private RefreshingCredentialsProvider _provider = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeMetadataServer.StartAsync();
        _server.Expiration = _time.GetUtcNow().AddHours(1);
        _env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = _server.EcsUri.ToString();
        _provider = new RefreshingCredentialsProvider(new ContainerCredentialsProvider(_env.Get), _time, _logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _env.Dispose();
    }

    [Fact]
    public async Task GetCredentialsAsync_ManyCalls_FetchesOnce()
    {
        var first = await _provider.GetCredentialsAsync(TestContext.Current.CancellationToken);
        for (var i = 0; i < 20; i++)
        {
            Assert.Same(first, await _provider.GetCredentialsAsync(TestContext.Current.CancellationToken));
        }

        Assert.Equal(1, _server.CredentialRequests);
    }

    [Fact]
    public async Task GetCredentialsAsync_BeforeRefreshWindow_ReturnsCached()
    {
        await _provider.GetCredentialsAsync(TestContext.Current.CancellationToken);
        _server.AccessKeyId = SecondKeyId;
        _time.Advance(TimeSpan.FromMinutes(54));

        var credentials = await _provider.GetCredentialsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(FakeSecrets.AccessKeyId, credentials.AccessKeyId);
        Assert.Equal(1, _server.CredentialRequests);
    }

    [Fact]
    public async Task GetCredentialsAsync_InsideRefreshWindow_FetchesNewCredentials()
    {
        await _provider.GetCredentialsAsync(TestContext.Current.CancellationToken);
        _server.AccessKeyId = SecondKeyId;
        _server.Expiration = _time.GetUtcNow().AddHours(2);
        _time.Advance(TimeSpan.FromMinutes(56));

        var credentials = await _provider.GetCredentialsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(SecondKeyId, credentials.AccessKeyId);
        Assert.Equal(_server.Expiration, credentials.Expiration);
        Assert.Equal(2, _server.CredentialRequests);
    }

    [Fact]
    public async Task GetCredentialsAsync_ConcurrentCallersAfterExpiry_OneRefreshServesAll()
    {
        await _provider.GetCredentialsAsync(TestContext.Current.CancellationToken);
        _server.AccessKeyId = SecondKeyId;
        _server.Expiration = _time.GetUtcNow().AddHours(3);
        _server.CredentialsDelay = TimeSpan.FromMilliseconds(300);
        _time.Advance(TimeSpan.FromHours(2));

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(
            _ => Task.Run(async () => await _provider.GetCredentialsAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken)));

        Assert.All(results, c => Assert.Equal(SecondKeyId, c.AccessKeyId));
        Assert.Equal(2, _server.CredentialRequests);
    }

    [Fact]
    public async Task GetCredentialsAsync_RefreshInFlightInsideWindow_OtherCallersGetCachedWithoutWaiting()
    {
        await _provider.GetCredentialsAsync(TestContext.Current.CancellationToken);
        _server.AccessKeyId = SecondKeyId;
        _server.Expiration = _time.GetUtcNow().AddHours(3);
        _server.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _time.Advance(TimeSpan.FromMinutes(57));
        var refreshing = _provider.GetCredentialsAsync(TestContext.Current.CancellationToken).AsTask();
        await _server.WaitForCredentialRequestsAsync(2);

        var meanwhile = await Task.WhenAll(Enumerable.Range(0, 8).Select(
            _ => _provider.GetCredentialsAsync(TestContext.Current.CancellationToken).AsTask())).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        _server.Hold.SetResult();
        var refreshed = await refreshing;

        Assert.All(meanwhile, c => Assert.Equal(FakeSecrets.AccessKeyId, c.AccessKeyId));
        Assert.Equal(SecondKeyId, refreshed.AccessKeyId);
        Assert.Equal(2, _server.CredentialRequests);
    }

    [Fact]
    public async Task GetCredentialsAsync_RefreshFailsBeforeExpiry_ReturnsCachedAndLogsWarning()
    {
        var first = await _provider.GetCredentialsAsync(TestContext.Current.CancellationToken);
        _server.CredentialsStatus = HttpStatusCode.InternalServerError;
        _time.Advance(TimeSpan.FromMinutes(57));

        var credentials = await _provider.GetCredentialsAsync(TestContext.Current.CancellationToken);

        Assert.Same(first, credentials);
        Assert.Equal(2, _server.CredentialRequests);
        Assert.Contains(_logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("[304]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetCredentialsAsync_RefreshFailedRecently_DoesNotRetryAtOnce()
    {
        await _provider.GetCredentialsAsync(TestContext.Current.CancellationToken);
        _server.CredentialsStatus = HttpStatusCode.InternalServerError;
        _time.Advance(TimeSpan.FromMinutes(57));
        await _provider.GetCredentialsAsync(TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(10));

        await _provider.GetCredentialsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, _server.CredentialRequests);
    }

    [Fact]
    public async Task GetCredentialsAsync_RefreshFailsAfterExpiry_ThrowsTransient()
    {
        await _provider.GetCredentialsAsync(TestContext.Current.CancellationToken);
        _server.CredentialsStatus = HttpStatusCode.ServiceUnavailable;
        _time.Advance(TimeSpan.FromMinutes(61));

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await _provider.GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.True(ex.IsTransient);
        FakeSecrets.AssertNone(ex);
        Assert.Contains(_logs.Lines, l => l.Contains("[305]", StringComparison.Ordinal));
        FakeSecrets.AssertNone(_logs.AllText);
    }

    [Fact]
    public async Task GetCredentialsAsync_LongTermCredentials_NeverReloaded()
    {
        var path = _env.WriteAwsFile("credentials", $"[default]\naws_access_key_id = AKIAFIRSTKEY\naws_secret_access_key = {FakeSecrets.SecretAccessKey}\n");
        var provider = new RefreshingCredentialsProvider(new SharedCredentialsFileProvider(_env.Get), _time);
        await provider.GetCredentialsAsync(TestContext.Current.CancellationToken);
        File.WriteAllText(path, $"[default]\naws_access_key_id = AKIASECONDKEY\naws_secret_access_key = {FakeSecrets.SecretAccessKey}\n");
        _time.Advance(TimeSpan.FromDays(30));

        var credentials = await provider.GetCredentialsAsync(TestContext.Current.CancellationToken);

        Assert.Equal("AKIAFIRSTKEY", credentials.AccessKeyId);
    }
}
