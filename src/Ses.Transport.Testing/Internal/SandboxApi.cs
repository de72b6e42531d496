using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;
using Ses.Transport.Signing;

namespace Ses.Transport.Testing.Internal;

/// <summary>
/// The sandbox's HTTPS endpoint on Kestrel: the SES v2 subset the library uses, SigV4-verified, with SES's JSON
/// shapes, status codes, <c>x-amzn-ErrorType</c> and <c>x-amzn-RequestId</c>; and the read-only <c>/_sandbox</c> page.
/// </summary>
internal sealed class SandboxApi : IAsyncDisposable
{
    private const string JsonContentType = "application/json";

    private readonly SandboxContext _sandbox;
    private readonly SigV4Verifier _verifier;
    private readonly ILogger _logger;
    private WebApplication? _app;

    public SandboxApi(SandboxContext sandbox)
    {
        _sandbox = sandbox;
        _verifier = new SigV4Verifier(sandbox.Region, "ses", sandbox.Credentials);
        _logger = sandbox.LoggerFactory.CreateLogger("Ses.Transport.Testing.SesSandbox.Api");
    }

    public int Port { get; private set; }

    public async Task StartAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(SandboxApi).Assembly.GetName().Name });
        builder.Services.AddSingleton(_sandbox.LoggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        var maxBody = ((long)_sandbox.MaxMessageSize * 4 / 3) + (1024 * 1024);
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = maxBody;
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(30);
            kestrel.Listen(IPAddress.Loopback, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    // Per connection, so certificate and protocol faults take effect on the next connection.
                    OnConnection = _ => ValueTask.FromResult(_sandbox.Tls.CreateServerOptions()),
                });
            });
        });

        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        Port = new Uri(address).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString("D");
        var path = request.Path.Value ?? "/";

        if (path.StartsWith("/_sandbox", StringComparison.Ordinal))
        {
            await ServePageAsync(context, path).ConfigureAwait(false);
            return;
        }

        byte[] body;
        try
        {
            body = await ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex)
        {
            await ErrorAsync(context, ex.StatusCode, "BadRequestException", "The request body is too large.").ConfigureAwait(false);
            return;
        }

        var verdict = _verifier.Verify(ToSigV4Request(context, body), _sandbox.TimeProvider.GetUtcNow());
        if (!verdict.IsValid)
        {
            var (status, type) = verdict.Failure switch
            {
                SigV4Failure.MissingAuthentication => (403, "MissingAuthenticationTokenException"),
                SigV4Failure.IncompleteSignature => (400, "IncompleteSignatureException"),
                SigV4Failure.UnrecognizedClient => (403, "UnrecognizedClientException"),
                _ => (403, "InvalidSignatureException"),
            };
            await ErrorAsync(context, status, type, verdict.Message).ConfigureAwait(false);
            return;
        }

        const string sets = "/v2/email/configuration-sets";
        switch (request.Method)
        {
            case "POST" when path == "/v2/email/outbound-emails":
                await SendEmailAsync(context, body).ConfigureAwait(false);
                break;
            case "GET" when path == "/v2/email/account":
                await JsonAsync(context, 200, new GetAccountResponse
                {
                    SendQuota = new SendQuota { Max24HourSend = 50000, MaxSendRate = 14, SentLast24Hours = _sandbox.Recorder.Snapshot().Count },
                }, SandboxJsonContext.Default.GetAccountResponse).ConfigureAwait(false);
                break;
            case "POST" when path == sets:
                await CreateConfigurationSetAsync(context, body).ConfigureAwait(false);
                break;
            case "GET" when path.StartsWith(sets + "/", StringComparison.Ordinal) && path.IndexOf('/', sets.Length + 1) < 0:
                await GetConfigurationSetAsync(context, path[(sets.Length + 1)..]).ConfigureAwait(false);
                break;
            case "PUT" when path.StartsWith(sets + "/", StringComparison.Ordinal) && path.EndsWith("/delivery-options", StringComparison.Ordinal):
                await PutDeliveryOptionsAsync(context, path[(sets.Length + 1)..^"/delivery-options".Length], body).ConfigureAwait(false);
                break;
            default:
                await ErrorAsync(context, 404, "UnknownOperationException", $"The sandbox does not implement {request.Method} {path}.").ConfigureAwait(false);
                break;
        }
    }

    private async Task SendEmailAsync(HttpContext context, byte[] body)
    {
        var request = Deserialize(body, SandboxJsonContext.Default.SendEmailRequest);
        if (request?.Content is not { } content)
        {
            await ErrorAsync(context, 400, "BadRequestException", "Missing required field Content.").ConfigureAwait(false);
            return;
        }

        MimeMessage message;
        byte[] raw;
        try
        {
            (message, raw) = content switch
            {
                { Raw.Data: { } data, Simple: null, Template: null } => (ParseRaw(data), data),
                { Simple: { } simple, Raw: null, Template: null } => BuildSimple(request, simple),
                { Template: not null } => throw new SandboxRejection("The sandbox does not support templated email; send Raw or Simple content."),
                _ => throw new SandboxRejection("Content must have exactly one of Simple, Raw or Template."),
            };

            var recipients = Recipients(request.Destination, message);
            if (recipients.Count == 0)
            {
                throw new SandboxRejection("Missing required field Destination: the message has no recipients.");
            }

            var from = request.FromEmailAddress ?? message.From.Mailboxes.FirstOrDefault()?.Address ?? message.Sender?.Address;
            var apiTags = request.EmailTags?.Select(t => new KeyValuePair<string, string>(t.Name ?? string.Empty, t.Value ?? string.Empty)).ToList();
            var (set, tags) = _sandbox.Recorder.ResolveSesFields(message, request.ConfigurationSetName, apiTags);

            switch (_sandbox.Faults.TakeSendFault(out var reason))
            {
                case SandboxFaults.SendFault.DropConnection:
                    SandboxLog.FaultInjected(_logger, SesTransportKind.Https, "connection dropped");
                    context.Abort();
                    return;
                case SandboxFaults.SendFault.Throttle:
                    SandboxLog.FaultInjected(_logger, SesTransportKind.Https, "throttled");
                    await ErrorAsync(context, 429, "TooManyRequestsException", "Maximum sending rate exceeded.").ConfigureAwait(false);
                    return;
                case SandboxFaults.SendFault.Reject:
                    SandboxLog.FaultInjected(_logger, SesTransportKind.Https, "rejected");
                    await ErrorAsync(context, 400, "MessageRejected", reason).ConfigureAwait(false);
                    return;
            }

            var tls = context.Features.Get<ITlsHandshakeFeature>();
            var recorded = _sandbox.Record(new IncomingMessage(
                SesTransportKind.Https, raw, message, from, recipients, tls?.Protocol ?? default, tls?.NegotiatedCipherSuite, set, tags));
            await JsonAsync(context, 200, new SendEmailResponse { MessageId = recorded.Id }, SandboxJsonContext.Default.SendEmailResponse).ConfigureAwait(false);
        }
        catch (SandboxRejection rejection)
        {
            var (status, type) = rejection.Kind == SandboxRejectionKind.UnknownConfigurationSet ? (404, "NotFoundException") : (400, "BadRequestException");
            await ErrorAsync(context, status, type, rejection.Message).ConfigureAwait(false);
        }
    }

    private MimeMessage ParseRaw(byte[] data)
    {
        if (data.Length > _sandbox.MaxMessageSize)
        {
            throw new SandboxRejection($"Message length is more than {_sandbox.MaxMessageSize} bytes long: '{data.Length}'.");
        }

        try
        {
            using var stream = new MemoryStream(data, writable: false);
            return MimeMessage.Load(stream);
        }
        catch (FormatException ex)
        {
            throw new SandboxRejection("Illegal content: the raw message is not MIME. " + ex.Message);
        }
    }

    private static (MimeMessage Message, byte[] Raw) BuildSimple(SendEmailRequest request, SimpleMessage simple)
    {
        if (string.IsNullOrWhiteSpace(request.FromEmailAddress))
        {
            throw new SandboxRejection("Missing required field FromEmailAddress.");
        }

        try
        {
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse(request.FromEmailAddress));
            AddAll(message.To, request.Destination?.ToAddresses);
            AddAll(message.Cc, request.Destination?.CcAddresses);
            AddAll(message.ReplyTo, request.ReplyToAddresses);
            message.Subject = simple.Subject?.Data ?? string.Empty;
            var bodyBuilder = new BodyBuilder { TextBody = simple.Body?.Text?.Data, HtmlBody = simple.Body?.Html?.Data };
            message.Body = bodyBuilder.ToMessageBody();
            foreach (var header in simple.Headers ?? [])
            {
                if (!string.IsNullOrEmpty(header.Name))
                {
                    message.Headers.Add(header.Name, header.Value ?? string.Empty);
                }
            }

            message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("sandbox.amazonses.invalid");
            using var stream = new MemoryStream();
            message.WriteTo(stream);
            return (message, stream.ToArray());
        }
        catch (Exception ex) when (ex is ParseException or ArgumentException or FormatException)
        {
            throw new SandboxRejection("Illegal address or header: " + ex.Message);
        }
    }

    private static void AddAll(InternetAddressList list, string[]? addresses)
    {
        foreach (var address in addresses ?? [])
        {
            list.Add(MailboxAddress.Parse(address));
        }
    }

    private static List<string> Recipients(Destination? destination, MimeMessage message)
    {
        var fromApi = (destination?.ToAddresses ?? []).Concat(destination?.CcAddresses ?? []).Concat(destination?.BccAddresses ?? []).ToList();
        if (fromApi.Count > 0)
        {
            return fromApi;
        }

        return [.. message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes).Select(m => m.Address)];
    }

    private async Task CreateConfigurationSetAsync(HttpContext context, byte[] body)
    {
        var request = Deserialize(body, SandboxJsonContext.Default.CreateConfigurationSetRequest);
        var name = request?.ConfigurationSetName;
        if (name is null || !Ses.Transport.Internal.SesHeaders.IsValidConfigurationSetName(name))
        {
            await ErrorAsync(context, 400, "BadRequestException", $"Invalid configuration set name: {name}").ConfigureAwait(false);
            return;
        }

        if (!TryParsePolicy(request!.DeliveryOptions?.TlsPolicy, out var policy))
        {
            await ErrorAsync(context, 400, "BadRequestException", $"Invalid TlsPolicy: {request.DeliveryOptions?.TlsPolicy}").ConfigureAwait(false);
            return;
        }

        var entry = new SandboxConfigurationSets.Entry
        {
            TlsPolicy = policy,
            SendingPoolName = request.DeliveryOptions?.SendingPoolName,
            MaxDeliverySeconds = request.DeliveryOptions?.MaxDeliverySeconds,
            SendingEnabled = request.SendingOptions?.SendingEnabled ?? true,
        };
        if (!_sandbox.ConfigurationSets.TryAdd(name, entry))
        {
            await ErrorAsync(context, 400, "AlreadyExistsException", $"Configuration set <{name}> already exists.").ConfigureAwait(false);
            return;
        }

        await JsonAsync(context, 200, new EmptyResponse(), SandboxJsonContext.Default.EmptyResponse).ConfigureAwait(false);
    }

    private async Task GetConfigurationSetAsync(HttpContext context, string name)
    {
        if (!_sandbox.ConfigurationSets.TryGet(name, out var entry))
        {
            await ErrorAsync(context, 404, "NotFoundException", $"Configuration set <{name}> does not exist.").ConfigureAwait(false);
            return;
        }

        await JsonAsync(context, 200, new GetConfigurationSetResponse
        {
            ConfigurationSetName = name,
            DeliveryOptions = new DeliveryOptions
            {
                TlsPolicy = FormatPolicy(entry.TlsPolicy),
                SendingPoolName = entry.SendingPoolName,
                MaxDeliverySeconds = entry.MaxDeliverySeconds,
            },
            SendingOptions = new SendingOptions { SendingEnabled = entry.SendingEnabled },
        }, SandboxJsonContext.Default.GetConfigurationSetResponse).ConfigureAwait(false);
    }

    private async Task PutDeliveryOptionsAsync(HttpContext context, string name, byte[] body)
    {
        var options = Deserialize(body, SandboxJsonContext.Default.DeliveryOptions) ?? new DeliveryOptions();
        if (!TryParsePolicy(options.TlsPolicy, out var policy))
        {
            await ErrorAsync(context, 400, "BadRequestException", $"Invalid TlsPolicy: {options.TlsPolicy}").ConfigureAwait(false);
            return;
        }

        if (options.MaxDeliverySeconds is { } seconds && seconds is < 300 or > 50400)
        {
            await ErrorAsync(context, 400, "BadRequestException", "MaxDeliverySeconds must be between 300 and 50400.").ConfigureAwait(false);
            return;
        }

        // The operation replaces the delivery options as a whole: an omitted TlsPolicy is OPTIONAL again.
        if (!_sandbox.ConfigurationSets.TryUpdate(name, e => e with { TlsPolicy = policy, SendingPoolName = options.SendingPoolName, MaxDeliverySeconds = options.MaxDeliverySeconds }))
        {
            await ErrorAsync(context, 404, "NotFoundException", $"Configuration set <{name}> does not exist.").ConfigureAwait(false);
            return;
        }

        await JsonAsync(context, 200, new EmptyResponse(), SandboxJsonContext.Default.EmptyResponse).ConfigureAwait(false);
    }

    private async Task ServePageAsync(HttpContext context, string path)
    {
        var response = context.Response;
        response.Headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers["Cache-Control"] = "no-store";
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            response.StatusCode = 405;
            return;
        }

        var messages = _sandbox.Recorder.Snapshot();
        switch (path)
        {
            case "/_sandbox" or "/_sandbox/":
                response.StatusCode = 200;
                response.ContentType = "text/html; charset=utf-8";
                await response.WriteAsync(SandboxWebPage.Html(messages, _sandbox.Region), Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
                break;
            case "/_sandbox/messages":
                await JsonAsync(context, 200, SandboxWebPage.Views(messages), SandboxJsonContext.Default.ListMessageView).ConfigureAwait(false);
                break;
            case "/_sandbox/ca.pem":
                // The CA's public certificate, so a browser or tool can be told to trust it.
                response.StatusCode = 200;
                response.ContentType = "application/x-pem-file";
                await response.WriteAsync(_sandbox.Certificates.AuthorityPublic.ExportCertificatePem(), context.RequestAborted).ConfigureAwait(false);
                break;
            default:
                response.StatusCode = 404;
                break;
        }
    }

    private static T? Deserialize<T>(byte[] body, JsonTypeInfo<T> type)
        where T : class
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryParsePolicy(string? value, out SandboxTlsPolicy policy)
    {
        switch (value)
        {
            case null or "OPTIONAL":
                policy = SandboxTlsPolicy.Optional;
                return true;
            case "REQUIRE":
                policy = SandboxTlsPolicy.Require;
                return true;
            default:
                policy = default;
                return false;
        }
    }

    private static string FormatPolicy(SandboxTlsPolicy policy) => policy == SandboxTlsPolicy.Require ? "REQUIRE" : "OPTIONAL";

    private static SigV4Request ToSigV4Request(HttpContext context, byte[] body)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var q = raw.IndexOf('?', StringComparison.Ordinal);
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in context.Request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add(new(name, value ?? string.Empty));
            }
        }

        var hash = new byte[32];
        AwsSigV4Signer.HashPayload(body, hash);
        return new SigV4Request(context.Request.Method, q < 0 ? raw : raw[..q], q < 0 ? null : raw[(q + 1)..], headers, hash);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private async Task ErrorAsync(HttpContext context, int status, string errorType, string message)
    {
        SandboxLog.ApiRefused(_logger, context.Request.Method, context.Request.Path.Value ?? "/", status, errorType);
        context.Response.Headers["x-amzn-ErrorType"] = errorType;
        await JsonAsync(context, status, new ErrorResponse { Message = message }, SandboxJsonContext.Default.ErrorResponse).ConfigureAwait(false);
    }

    private async Task JsonAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> type)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        await JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted).ConfigureAwait(false);
        if (status < 400)
        {
            SandboxLog.ApiAnswered(_logger, context.Request.Method, context.Request.Path.Value ?? "/", status);
        }
    }
}
