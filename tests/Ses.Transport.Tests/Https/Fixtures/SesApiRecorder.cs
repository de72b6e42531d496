using System.Collections.Concurrent;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Tests.Https.Fixtures;

/// <summary>One request as the recorder received it.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string QueryString,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    SslProtocols TlsProtocol)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}

/// <summary>What the recorder answers to one request.</summary>
public sealed record ScriptedResponse(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static ScriptedResponse Ok(string messageId) => new(200, $$"""{"MessageId":"{{messageId}}"}""");

    public static ScriptedResponse Error(int status, string type, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, $$"""{"__type":"{{type}}","message":"{{message}}"}""", headers);
}

/// <summary>
/// A Kestrel HTTPS server on 127.0.0.1 (a port the OS picks) with a <see cref="TestCertificates"/> certificate, standing
/// in for the SES v2 API: it records every request (method, path, headers, body, negotiated TLS protocol) and answers
/// from <see cref="Responder"/> (default: 200 with a fresh MessageId).
/// </summary>
public sealed class SesApiRecorder : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _count;

    private SesApiRecorder(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseUri { get; private set; } = null!;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int Count => Volatile.Read(ref _count);

    /// <summary>Completes when the first request has been recorded.</summary>
    public Task FirstRequest => _firstRequest.Task;

    private readonly TaskCompletionSource _firstRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Decides the answer for the n-th (1-based) request.</summary>
    public Func<RecordedRequest, int, ScriptedResponse> Responder { get; set; } = (_, n) => ScriptedResponse.Ok($"0100-recorded-{n}");

    /// <summary>When set, the server waits for this task before answering (a server that does not answer in time).</summary>
    public Task? Hold { get; set; }

    public static async Task<SesApiRecorder> StartAsync(X509Certificate2? certificate = null, SslProtocols protocols = SslProtocols.Tls12 | SslProtocols.Tls13)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.Limits.MaxRequestBodySize = null;
            options.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = certificate ?? TestCertificates.Localhost;
                    https.SslProtocols = protocols;
                });
            });
        });
        var app = builder.Build();
        var recorder = new SesApiRecorder(app);
        app.Run(recorder.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        recorder.BaseUri = new Uri(address);
        Assert.Equal("127.0.0.1", recorder.BaseUri.Host);
        return recorder;
    }

    public RecordedRequest Single() => Assert.Single(Requests);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in context.Request.Headers)
        {
            headers[name.ToLowerInvariant()] = string.Join(",", values.ToArray());
        }

        var tls = context.Features.Get<ITlsHandshakeFeature>()?.Protocol ?? SslProtocols.None;
        var request = new RecordedRequest(
            context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", headers, body.ToArray(), tls);
        Requests.Enqueue(request);
        var n = Interlocked.Increment(ref _count);
        _firstRequest.TrySetResult();

        if (Hold is { } hold)
        {
            await hold.WaitAsync(context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        var answer = Responder(request, n);
        context.Response.StatusCode = answer.Status;
        context.Response.Headers["x-amzn-RequestId"] = $"req-{n}";
        if (answer.Headers is not null)
        {
            foreach (var (name, value) in answer.Headers)
            {
                context.Response.Headers[name] = value;
            }
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.Body);
    }
}
