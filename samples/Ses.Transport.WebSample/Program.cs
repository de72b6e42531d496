using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using MimeKit;
using Ses.Transport;
using Ses.Transport.Policy;
using Ses.Transport.WebSample;

// Ses.Transport web sample: POST /send sends through the ISesTransport that AddSesTransport registers from
// appsettings.json ("SesTransport" section); GET /health runs the Ses.Transport health check. With Sample:UseSandbox
// (appsettings.Development.json) a local SES sandbox runs in this process and the settings point at it.
var builder = WebApplication.CreateBuilder(args);

// Loopback only: the sample sends mail for whoever can reach it.
var port = builder.Configuration.GetValue("Sample:Port", 5080);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

await using var sandbox = await SandboxStarter.StartIfConfiguredAsync(builder);

builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, SampleJsonContext.Default));
builder.Services.AddSesTransport(builder.Configuration.GetSection("SesTransport")).AddHealthCheck();

var app = builder.Build();
var from = app.Configuration["Sample:From"] ?? "sender@example.com";

app.MapPost("/send", async Task<Results<Ok<SendResponse>, ValidationProblem, ProblemHttpResult>> (SendRequest request, ISesTransport transport, CancellationToken cancellationToken) =>
{
    if (string.IsNullOrWhiteSpace(request.To) || !MailboxAddress.TryParse(request.To, out var to))
    {
        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["to"] = ["A recipient address is required."] });
    }

    var message = new MimeMessage();
    message.From.Add(MailboxAddress.Parse(from));
    message.To.Add(to);
    message.Subject = request.Subject ?? string.Empty;
    message.Body = new TextPart("plain") { Text = request.Text ?? string.Empty };

    try
    {
        var receipt = await transport.SendAsync(message, cancellationToken);
        return TypedResults.Ok(new SendResponse(
            receipt.MessageId,
            receipt.Transport.ToString(),
            receipt.TlsProtocol.ToString(),
            receipt.ConfigurationSet,
            receipt.Plan?.ReceiverTls.ToString() ?? ReceiverTls.Optional.ToString(),
            receipt.Attempts,
            receipt.Elapsed.TotalMilliseconds,
            receipt.Plan?.Reasons ?? []));
    }
    catch (DeliveryPolicyViolationException ex)
    {
        return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: $"Delivery policy: {ex.Violation}");
    }
    catch (SesMessageValidationException ex)
    {
        return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "The message breaks an SES rule");
    }
    catch (SesTransportException ex)
    {
        return TypedResults.Problem(ex.Message, statusCode: ex.IsTransient ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway, title: ex.GetType().Name);
    }
});

app.MapHealthChecks("/health");

if (sandbox is not null)
{
    app.MapGet("/sandbox/messages", () => sandbox.Messages
        .Select(m => new SandboxMessageSummary(m.Id, m.Transport.ToString(), m.Subject, m.Recipients, m.ConfigurationSet, m.Outcome.ToString()))
        .ToArray());
}

await app.RunAsync();
