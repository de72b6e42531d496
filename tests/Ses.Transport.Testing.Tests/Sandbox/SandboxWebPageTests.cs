using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Testing.Tests.Sandbox;

/// <summary>The read-only page of captured messages and its JSON, in headless Chromium and over HttpClient.</summary>
public class SandboxWebPageTests
{
    private const string HostileSubject = "<script>document.title='pwned'</script><img src=x onerror=alert(1)> & \"quotes\"";

    [Fact]
    public async Task Messages_Json_ListsRecordedMessages()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        sandbox.ConfigurationSets.Seed("strict", SandboxTlsPolicy.Require);
        sandbox.Receivers.Declare("legacy.example", SandboxReceiverTls.NotSupported);
        await SendAsync(sandbox, HostileSubject, "strict", "x@legacy.example");
        using var http = SandboxClients.Http(sandbox);

        using var response = await http.GetAsync(new Uri("_sandbox/messages", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Single();
        Assert.Equal("StartTlsSmtp", row.GetProperty("Transport").GetString());
        Assert.Equal("Dropped", row.GetProperty("Outcome").GetString());
        Assert.Equal("strict", row.GetProperty("ConfigurationSet").GetString());
        Assert.Equal(HostileSubject, row.GetProperty("Subject").GetString());
    }

    [Fact]
    public async Task Page_HostileSubject_HtmlEncodedWithRestrictivePolicy()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        await SendAsync(sandbox, HostileSubject, null, "x@example.com");
        using var http = SandboxClients.Http(sandbox);

        using var response = await http.GetAsync(sandbox.WebPage);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_NotGet_405()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        using var http = SandboxClients.Http(sandbox);

        using var response = await http.PostAsync(sandbox.WebPage, new StringContent("x"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Page_InHeadlessChromium_ShowsMessagesAsText()
    {
        var chromium = Peer.FindOnPath("chromium");
        Peer.Require(chromium is not null, "chromium (apt-get install chromium)");
        await using var sandbox = await SesSandbox.StartAsync();
        sandbox.ConfigurationSets.Seed("strict", SandboxTlsPolicy.Require);
        sandbox.Receivers.Declare("legacy.example", SandboxReceiverTls.NotSupported);
        await SendAsync(sandbox, HostileSubject, "strict", "x@legacy.example");
        await SendAsync(sandbox, "plain subject", null, "y@example.com");

        var (dom, _) = await DumpDomAsync(chromium!, sandbox, trustSandbox: true);

        Assert.Contains("<title>Ses.Transport sandbox</title>", dom, StringComparison.Ordinal);
        Assert.Contains("<td>StartTlsSmtp</td>", dom, StringComparison.Ordinal);
        Assert.Contains(">Dropped</td>", dom, StringComparison.Ordinal);
        Assert.Contains(">Delivered</td>", dom, StringComparison.Ordinal);
        Assert.Contains("<td>strict</td>", dom, StringComparison.Ordinal);
        Assert.Contains("plain subject", dom, StringComparison.Ordinal);

        // The hostile subject is a text node: no element was made of it.
        Assert.Contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("pwned</title>", dom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_InHeadlessChromium_UntrustedWithoutTheSandboxKey()
    {
        var chromium = Peer.FindOnPath("chromium");
        Peer.Require(chromium is not null, "chromium (apt-get install chromium)");
        await using var sandbox = await SesSandbox.StartAsync();

        var (dom, errors) = await DumpDomAsync(chromium!, sandbox, trustSandbox: false);

        // Chromium ran and refused the certificate, so no page was rendered.
        Assert.Contains("ERR_CERT_AUTHORITY_INVALID", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("<title>Ses.Transport sandbox</title>", dom, StringComparison.Ordinal);
    }

    private static async Task SendAsync(SesSandbox sandbox, string subject, string? set, string to)
    {
        var message = SandboxClients.Message(subject, to);
        if (set is not null)
        {
            message.Headers.Add("X-SES-CONFIGURATION-SET", set);
        }

        await using var transport = SandboxClients.Smtp(sandbox, SesTransportKind.StartTlsSmtp);
        await transport.SendAsync(message);
    }

    /// <summary>
    /// Runs <c>chromium --headless --dump-dom</c> on the page. Trust comes from the SPKI hash of the sandbox's server
    /// key (<c>--ignore-certificate-errors-spki-list</c>): Chromium accepts that one key and no other bad certificate.
    /// </summary>
    private static async Task<(string Dom, string Errors)> DumpDomAsync(string chromium, SesSandbox sandbox, bool trustSandbox)
    {
        var profile = Directory.CreateTempSubdirectory("ses-sandbox-chromium-");
        var arguments = new List<string> { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", $"--user-data-dir={profile.FullName}" };
        if (trustSandbox)
        {
            var spki = Convert.ToBase64String(SHA256.HashData(sandbox.ServerCertificate.PublicKey.ExportSubjectPublicKeyInfo()));
            arguments.Add($"--ignore-certificate-errors-spki-list={spki}");
        }

        arguments.Add("--dump-dom");
        arguments.Add(sandbox.WebPage.ToString());
        try
        {
            var run = await ToolRun.RunAsync(chromium, arguments, timeout: TimeSpan.FromSeconds(90));
            return (run.OutputText, run.Error);
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
