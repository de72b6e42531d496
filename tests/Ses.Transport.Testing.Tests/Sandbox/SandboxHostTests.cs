using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Ses.Transport.Credentials;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Testing.Tests.Sandbox;

/// <summary>The standalone host (<c>samples/Ses.Transport.Sandbox</c>), run as a process from its built dll.</summary>
public partial class SandboxHostTests
{
    [Fact]
    public async Task Host_Started_PrintsWorkingEndpointsCredentialsAndCa()
    {
        Peer.Require(Peer.OnPath("kill"), "kill (procps)");
        await using var host = await StartHostAsync();
        var output = host.Output;

        var api = new Uri(Field(output, "HTTPS API"));
        var startTls = IPEndPoint.Parse(Field(output, "SMTP STARTTLS"));
        var wrapper = IPEndPoint.Parse(Field(output, "SMTP TLS wrapper"));
        var caPath = Field(output, "CA certificate");
        var credentials = new AwsCredentials(Field(output, "Access key id"), Field(output, "Secret access key"));
        Assert.Equal(IPAddress.Loopback, startTls.Address);
        Assert.Equal(IPAddress.Loopback, wrapper.Address);
        Assert.Equal(new Uri(api, "_sandbox"), new Uri(Field(output, "Web page")));
        Assert.Equal(SesSmtpCredentials.DerivePassword(credentials.SecretAccessKey, Field(output, "Region")), Field(output, "SMTP password"));
        Assert.True(File.Exists(caPath));

        // The printed values work: a signed call against the printed endpoint, trusting the printed CA file.
        using var ca = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(caPath));
        using var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions { RemoteCertificateValidationCallback = SandboxClients.TrustOnly(ca) },
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(api, "v2/email/account"));
        new Ses.Transport.Signing.AwsSigV4Signer(Field(output, "Region"), "ses").Sign(request, Ses.Transport.Signing.AwsSigV4Signer.EmptyPayloadHash, credentials, DateTimeOffset.UtcNow);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await StopAsync(host);
    }

    [Fact]
    public async Task Host_Sigterm_StopsAndDeletesCaFile()
    {
        Peer.Require(Peer.OnPath("kill"), "kill (procps)");
        await using var host = await StartHostAsync();
        var caPath = Field(host.Output, "CA certificate");

        await StopAsync(host);

        Assert.True(await host.WaitForOutputAsync("Stopping", TimeSpan.FromSeconds(30)), host.Output);
        Assert.True(await WaitUntilAsync(() => host.HasExited, TimeSpan.FromSeconds(30)), host.Output);
        Assert.False(File.Exists(caPath));
    }

    [Fact]
    public async Task Host_UnknownArgument_OneErrorLineAndExitCode2()
    {
        var run = await ToolRun.RunAsync("dotnet", [RepoPaths.BuiltSample("Ses.Transport.Sandbox"), "--bogus"], timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: unknown argument '--bogus' (try --help)", run.Error.Trim());
        Assert.Empty(run.OutputText.Trim());
    }

    // SIGTERM by PID, as Ctrl+C would: the host disposes the sandbox (and its CA file). Dispose kills it if need be.
    private static async Task StopAsync(ExternalProcess host)
    {
        using var kill = Process.Start("kill", ["-s", "TERM", host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    private static async Task<ExternalProcess> StartHostAsync()
    {
        return await ExternalProcess.StartAsync("dotnet", [RepoPaths.BuiltSample("Ses.Transport.Sandbox")], readyPattern: @"Press Ctrl\+C to stop", timeout: TimeSpan.FromSeconds(60));
    }

    private static string Field(string output, string label) =>
        FieldPattern().Matches(output).Single(m => m.Groups["label"].Value == label).Groups["value"].Value.Trim();

    private static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await timer.WaitForNextTickAsync();
        }

        return condition();
    }

    [GeneratedRegex(@"^  (?<label>[A-Za-z0-9 ]+?)\s{2,}(?<value>\S.*)$", RegexOptions.Multiline)]
    private static partial Regex FieldPattern();
}
