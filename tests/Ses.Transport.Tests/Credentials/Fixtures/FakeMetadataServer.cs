using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ses.Transport.Tests.Credentials.Fixtures;

/// <summary>
/// A Kestrel server on 127.0.0.1 (a port the OS picks) that imitates the two AWS credential endpoints:
/// EC2 instance metadata with IMDSv2 sessions (a token from <c>PUT /latest/api/token</c> is required, a missing or
/// unknown token gets 401) and the ECS/EKS container endpoint under <c>/v2/credentials/</c> (checks
/// <c>Authorization</c> when <see cref="RequiredAuthorization"/> is set). Counts every request.
/// </summary>
public sealed class FakeMetadataServer : IAsyncDisposable
{
    public const string EcsPath = "/v2/credentials/6f1d3b52-task";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte> _issuedTokens = new();
    private TaskCompletionSource _credentialRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _credentialRequests;
    private int _tokenRequests;
    private int _roleListRequests;

    private FakeMetadataServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The container endpoint's full URI.</summary>
    public Uri EcsUri => new(BaseUri, EcsPath);

    public string AccessKeyId { get; set; } = FakeSecrets.AccessKeyId;

    public string SecretAccessKey { get; set; } = FakeSecrets.SecretAccessKey;

    public string SessionToken { get; set; } = FakeSecrets.SessionToken;

    public DateTimeOffset Expiration { get; set; } = DateTimeOffset.UtcNow.AddHours(6);

    /// <summary>The IMDS role; <see langword="null"/> answers the role list with 404 (no instance profile).</summary>
    public string? RoleName { get; set; } = "ses-sender";

    /// <summary>When set, the container endpoint answers 401 unless <c>Authorization</c> equals it.</summary>
    public string? RequiredAuthorization { get; set; }

    /// <summary>When set, credential documents are answered with this status and an error body.</summary>
    public HttpStatusCode? CredentialsStatus { get; set; }

    /// <summary>When set, replaces the credential document's body (malformed answers).</summary>
    public string? CredentialsBody { get; set; }

    /// <summary>When set, IMDS refuses every session token it issued (as after the token's TTL).</summary>
    public bool RejectTokens { get; set; }

    /// <summary>How long each credential document takes, so that concurrent callers overlap.</summary>
    public TimeSpan CredentialsDelay { get; set; }

    /// <summary>When set, credential documents wait for this task (a test holds a refresh in flight).</summary>
    public TaskCompletionSource? Hold { get; set; }

    public int CredentialRequests => Volatile.Read(ref _credentialRequests);

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    public int RoleListRequests => Volatile.Read(ref _roleListRequests);

    public int TotalRequests => CredentialRequests + TokenRequests + RoleListRequests;

    /// <summary>Every <c>Authorization</c> header the container endpoint received.</summary>
    public ConcurrentQueue<string?> ReceivedAuthorization { get; } = new();

    /// <summary>Every TTL the token endpoint received.</summary>
    public ConcurrentQueue<string?> ReceivedTokenTtl { get; } = new();

    public static async Task<FakeMetadataServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeMetadataServer(app);
        server.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.BaseUri = new Uri(address);
        Assert.Equal("127.0.0.1", server.BaseUri.Host);
        return server;
    }

    /// <summary>Waits (woken by each request, up to 30 s) until at least <paramref name="count"/> credential documents were requested.</summary>
    public async Task WaitForCredentialRequestsAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            // Taken before the check, so a request between the check and the wait completes it.
            var requested = Volatile.Read(ref _credentialRequested).Task;
            if (CredentialRequests >= count)
            {
                return;
            }

            await requested.WaitAsync(timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Hold?.TrySetCanceled();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void CredentialRequested()
    {
        Interlocked.Increment(ref _credentialRequests);
        Interlocked.Exchange(ref _credentialRequested, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private void Map(WebApplication app)
    {
        app.MapPut("/latest/api/token", (HttpContext context) =>
        {
            Interlocked.Increment(ref _tokenRequests);
            var ttl = context.Request.Headers["X-aws-ec2-metadata-token-ttl-seconds"].FirstOrDefault();
            ReceivedTokenTtl.Enqueue(ttl);
            if (!int.TryParse(ttl, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is < 1 or > 21600)
            {
                return Results.StatusCode(400);
            }

            var token = "AQAEAFakeImdsToken" + Guid.NewGuid().ToString("N");
            _issuedTokens[token] = 0;
            return Results.Text(token);
        });

        app.MapGet("/latest/meta-data/iam/security-credentials/", (HttpContext context) =>
        {
            Interlocked.Increment(ref _roleListRequests);
            if (!HasValidToken(context))
            {
                return Results.StatusCode(401);
            }

            return RoleName is null ? Results.NotFound() : Results.Text(RoleName + "\n");
        });

        app.MapGet("/latest/meta-data/iam/security-credentials/{role}", async (HttpContext context, string role) =>
        {
            CredentialRequested();
            if (!HasValidToken(context))
            {
                return Results.StatusCode(401);
            }

            if (role != RoleName)
            {
                return Results.NotFound();
            }

            return await CredentialsAsync(context, imds: true);
        });

        app.MapGet(EcsPath, async (HttpContext context) =>
        {
            CredentialRequested();
            var authorization = context.Request.Headers.Authorization.FirstOrDefault();
            ReceivedAuthorization.Enqueue(authorization);
            if (RequiredAuthorization is not null && authorization != RequiredAuthorization)
            {
                return Results.Json(new { code = "AccessDeniedException", message = "Unauthorized" }, statusCode: 401);
            }

            return await CredentialsAsync(context, imds: false);
        });
    }

    private bool HasValidToken(HttpContext context)
    {
        var token = context.Request.Headers["X-aws-ec2-metadata-token"].FirstOrDefault();
        return !RejectTokens && token is not null && _issuedTokens.ContainsKey(token);
    }

    private async Task<IResult> CredentialsAsync(HttpContext context, bool imds)
    {
        if (CredentialsDelay > TimeSpan.Zero)
        {
            await Task.Delay(CredentialsDelay, context.RequestAborted);
        }

        if (Hold is { } hold)
        {
            await hold.Task.WaitAsync(context.RequestAborted);
        }

        if (CredentialsStatus is { } status)
        {
            return Results.Json(new { code = "InternalError", message = "failed" }, statusCode: (int)status);
        }

        if (CredentialsBody is { } body)
        {
            return Results.Text(body, "application/json");
        }

        var expiration = Expiration.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return imds
            ? Results.Json(new Dictionary<string, string>
            {
                ["Code"] = "Success",
                ["LastUpdated"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["Type"] = "AWS-HMAC",
                ["AccessKeyId"] = AccessKeyId,
                ["SecretAccessKey"] = SecretAccessKey,
                ["Token"] = SessionToken,
                ["Expiration"] = expiration,
            })
            : Results.Json(new Dictionary<string, string>
            {
                ["RoleArn"] = "arn:aws:iam::123456789012:role/ses-sender",
                ["AccessKeyId"] = AccessKeyId,
                ["SecretAccessKey"] = SecretAccessKey,
                ["Token"] = SessionToken,
                ["Expiration"] = expiration,
            });
    }
}
