using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ses.Transport.Testing;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Tests.Samples;

/// <summary>
/// Starts <c>samples/Ses.Transport.WebSample</c> as a process on 127.0.0.1 (killed by PID on dispose), posts a message to
/// <c>/send</c> and sees it arrive.
/// </summary>
public sealed class WebSampleTests
{
    [Fact]
    public async Task PostSend_ConfiguredFromSettingsForASandbox_MessageArrivesWithTheRequireSet()
    {
        await using var sandbox = await SesSandbox.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        sandbox.ConfigurationSets.Seed("tls-required", SandboxTlsPolicy.Require);
        var port = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Sample__Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["SesTransport__Region"] = sandbox.Region,
            ["SesTransport__Https__ServiceUrl"] = sandbox.ApiEndpoint.ToString(),
            ["SesTransport__StartTlsSmtp__Host"] = sandbox.StartTlsSmtpEndpoint.Address.ToString(),
            ["SesTransport__StartTlsSmtp__Port"] = sandbox.StartTlsSmtpEndpoint.Port.ToString(CultureInfo.InvariantCulture),
            ["SesTransport__Credentials__Source"] = "Static",
            ["SesTransport__Credentials__AccessKeyId"] = sandbox.Credentials.AccessKeyId,
            ["SesTransport__Credentials__SecretAccessKey"] = sandbox.Credentials.SecretAccessKey,
            ["SesTransport__TrustAnchorFile"] = sandbox.CertificateAuthorityPath,
        };
        await using var sample = await StartSampleAsync(environment);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        using var response = await client.PostAsJsonAsync("send", new { to = "alice@bank.example", subject = "Web sample " + port, text = "Hello from the web sample." }, TestContext.Current.CancellationToken);

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, body);
        var receipt = JsonDocument.Parse(body).RootElement;
        Assert.Equal("tls-required", receipt.GetProperty("configurationSet").GetString());
        var arrived = await sandbox.WaitForMessageAsync(m => m.Subject == "Web sample " + port, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(receipt.GetProperty("messageId").GetString(), arrived.Id);
        Assert.Equal("tls-required", arrived.ConfigurationSet);
        Assert.Equal(["alice@bank.example"], arrived.Recipients);
        Assert.Equal("Healthy", await client.GetStringAsync("health", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task PostSend_UseSandbox_MessageListedByTheSamplesOwnSandbox()
    {
        var port = FreePort.Next();
        await using var sample = await StartSampleAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Sample__Port"] = port.ToString(CultureInfo.InvariantCulture),
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        using var response = await client.PostAsJsonAsync("send", new { to = "bob@example.org", subject = "Sandboxed", text = "Hi" }, TestContext.Current.CancellationToken);
        var messages = await client.GetStringAsync("sandbox/messages", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var listed = Assert.Single(JsonDocument.Parse(messages).RootElement.EnumerateArray());
        Assert.Equal("Sandboxed", listed.GetProperty("subject").GetString());
        Assert.Equal("Https", listed.GetProperty("transport").GetString());
    }

    [Fact]
    public async Task PostSend_NoRecipient_ValidationProblemAndNothingSent()
    {
        var port = FreePort.Next();
        await using var sample = await StartSampleAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Sample__Port"] = port.ToString(CultureInfo.InvariantCulture),
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        using var response = await client.PostAsJsonAsync("send", new { subject = "No one", text = "Hi" }, TestContext.Current.CancellationToken);
        var messages = await client.GetStringAsync("sandbox/messages", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(JsonDocument.Parse(messages).RootElement.EnumerateArray());
    }

    private static Task<ExternalProcess> StartSampleAsync(Dictionary<string, string> environment)
    {
        var assembly = RepoPaths.BuiltSample("Ses.Transport.WebSample");
        var folder = Path.GetDirectoryName(assembly)!;
        environment["DOTNET_NOLOGO"] = "1";
        return ExternalProcess.StartAsync("dotnet", [assembly], readyPattern: @"Now listening on: http://127\.0\.0\.1:\d+", environment: environment, workingDirectory: folder, timeout: TimeSpan.FromSeconds(60));
    }
}
