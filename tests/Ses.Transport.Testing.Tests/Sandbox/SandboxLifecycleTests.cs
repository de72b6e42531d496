using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Testing.Tests.Sandbox;

/// <summary>Start-up, loopback-only listeners, the CA file, and a clean dispose that frees every port.</summary>
public class SandboxLifecycleTests
{
    [Fact]
    public async Task StartAsync_Defaults_ListensOnLoopbackOnly()
    {
        await using var sandbox = await SesSandbox.StartAsync();

        Assert.Equal(IPAddress.Loopback, sandbox.StartTlsSmtpEndpoint.Address);
        Assert.Equal(IPAddress.Loopback, sandbox.TlsWrapperSmtpEndpoint.Address);
        Assert.Equal("127.0.0.1", sandbox.ApiEndpoint.Host);
        Assert.Equal("https", sandbox.ApiEndpoint.Scheme);
        Assert.Equal(new Uri(sandbox.ApiEndpoint, "_sandbox"), sandbox.WebPage);
        Assert.Equal("us-east-1", sandbox.Region);
        Assert.Matches("^AKIA[A-Z2-7]{16}$", sandbox.Credentials.AccessKeyId);
        Assert.Equal(3, new[] { sandbox.ApiEndpoint.Port, sandbox.StartTlsSmtpEndpoint.Port, sandbox.TlsWrapperSmtpEndpoint.Port }.Distinct().Count());
    }

    [Fact]
    public async Task DisposeAsync_FreesEveryPort()
    {
        var sandbox = await SesSandbox.StartAsync();
        var ports = new[] { sandbox.ApiEndpoint.Port, sandbox.StartTlsSmtpEndpoint.Port, sandbox.TlsWrapperSmtpEndpoint.Port };
        await using (var transport = SandboxClients.Smtp(sandbox, SesTransportKind.StartTlsSmtp))
        {
            // A pooled connection stays open while the sandbox stops.
            await transport.SendAsync(SandboxClients.Message());
            using var response = await SandboxClients.SendSignedAsync(sandbox, HttpMethod.Get, "v2/email/account");

            await sandbox.DisposeAsync();
        }

        foreach (var port in ports)
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
        }
    }

    [Fact]
    public async Task DisposeAsync_ClosesOpenSmtpConnections()
    {
        var sandbox = await SesSandbox.StartAsync();
        var (smtp, _) = await RawSmtp.ConnectAsync(sandbox.StartTlsSmtpEndpoint);
        await using var __ = smtp;
        await smtp.CommandAsync("EHLO client.example");

        await sandbox.DisposeAsync();
        var reply = await smtp.CommandAsync("NOOP").ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "(closed)");

        Assert.DoesNotContain("250", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertificateAuthorityPath_PemOfThePublicCa_DeletedOnDispose()
    {
        var sandbox = await SesSandbox.StartAsync();
        var path = sandbox.CertificateAuthorityPath;

        using var fromFile = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(path));
        Assert.Equal(sandbox.CertificateAuthority.Thumbprint, fromFile.Thumbprint);
        Assert.False(sandbox.CertificateAuthority.HasPrivateKey);
        Assert.DoesNotContain("PRIVATE KEY", await File.ReadAllTextAsync(path), StringComparison.Ordinal);

        await sandbox.DisposeAsync();

        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task ServerCertificate_IssuedByCaForLoopback()
    {
        await using var sandbox = await SesSandbox.StartAsync();

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(sandbox.CertificateAuthority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;

        Assert.True(chain.Build(sandbox.ServerCertificate));
        Assert.True(sandbox.ServerCertificate.MatchesHostname("127.0.0.1"));
        Assert.True(sandbox.ServerCertificate.MatchesHostname("localhost"));
    }

    [Fact]
    public async Task StartAsync_FixedPorts_Honoured()
    {
        int api = FreePort.Next(), startTls = FreePort.Next(), wrapper = FreePort.Next();
        await using var sandbox = await SesSandbox.StartAsync(new SesSandboxOptions { ApiPort = api, StartTlsSmtpPort = startTls, TlsWrapperSmtpPort = wrapper });

        Assert.Equal((api, startTls, wrapper), (sandbox.ApiEndpoint.Port, sandbox.StartTlsSmtpEndpoint.Port, sandbox.TlsWrapperSmtpEndpoint.Port));
    }

    [Fact]
    public async Task StartAsync_PortInUse_ThrowsAndLeavesNothingListening()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var api = FreePort.Next();

        await Assert.ThrowsAsync<SocketException>(() => SesSandbox.StartAsync(new SesSandboxOptions { ApiPort = api, StartTlsSmtpPort = port }));

        using var probe = new TcpListener(IPAddress.Loopback, api);
        probe.Start();
        probe.Stop();
    }

    [Theory]
    [InlineData("region")]
    [InlineData("idle")]
    [InlineData("size")]
    [InlineData("port")]
    public async Task StartAsync_InvalidOption_ArgumentException(string which)
    {
        var options = new SesSandboxOptions();
        switch (which)
        {
            case "region":
                options.Region = " ";
                break;
            case "idle":
                options.IdleTimeout = TimeSpan.Zero;
                break;
            case "size":
                options.MaxMessageSize = 0;
                break;
            case "port":
                options.ApiPort = 70000;
                break;
        }

        await Assert.ThrowsAnyAsync<ArgumentException>(() => SesSandbox.StartAsync(options));
    }

    [Fact]
    public async Task WaitForMessageAsync_NothingArrives_TimeoutException()
    {
        await using var sandbox = await SesSandbox.StartAsync();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => sandbox.WaitForMessageAsync(timeout: TimeSpan.FromMilliseconds(100)));

        Assert.Contains("0 message(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForMessagesAsync_CountReached_ReturnsInOrder()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        var waiting = sandbox.WaitForMessagesAsync(2);
        await using var transport = SandboxClients.Smtp(sandbox, SesTransportKind.TlsWrapperSmtp);

        await transport.SendAsync(SandboxClients.Message("one"));
        await transport.SendAsync(SandboxClients.Message("two"));

        Assert.Equal(["one", "two"], (await waiting).Select(m => m.Subject));
        sandbox.ClearMessages();
        Assert.Empty(sandbox.Messages);
    }

    [Fact]
    public async Task ToString_ShowsEndpointsNotSecrets()
    {
        await using var sandbox = await SesSandbox.StartAsync();

        var text = sandbox.ToString() + sandbox.Credentials + sandbox.SmtpCredentials;

        Assert.Contains(sandbox.Credentials.AccessKeyId, text, StringComparison.Ordinal);
        Assert.DoesNotContain(sandbox.Credentials.SecretAccessKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(sandbox.SmtpCredentials.Password, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_SendsAndRefusals_NeverContainSecrets()
    {
        var logs = new RecordingLoggerFactory();
        await using (var sandbox = await SesSandbox.StartAsync(new SesSandboxOptions { LoggerFactory = logs }))
        {
            await using var transport = SandboxClients.Smtp(sandbox, SesTransportKind.StartTlsSmtp);
            await transport.SendAsync(SandboxClients.Message());
            using var refused = await SandboxClients.SendSignedAsync(sandbox, HttpMethod.Get, "v2/email/account",
                credentials: new Ses.Transport.Credentials.AwsCredentials(sandbox.Credentials.AccessKeyId, "wrong"));
            using var client = new MailKit.Net.Smtp.SmtpClient();
            client.ServerCertificateValidationCallback = SandboxClients.TrustOnly(sandbox.CertificateAuthority);
            await client.ConnectAsync("127.0.0.1", sandbox.StartTlsSmtpEndpoint.Port, MailKit.Security.SecureSocketOptions.StartTls);
            await Assert.ThrowsAsync<MailKit.Security.AuthenticationException>(() => client.AuthenticateAsync(sandbox.SmtpCredentials.UserName, "wrong-password"));

            Assert.Contains(logs.Lines, l => l.Contains("[9010]", StringComparison.Ordinal));
            Assert.Contains(logs.Lines, l => l.Contains("[9020]", StringComparison.Ordinal));
            Assert.Contains(logs.Lines, l => l.Contains("[9030]", StringComparison.Ordinal));
            Assert.DoesNotContain(sandbox.Credentials.SecretAccessKey, logs.AllText, StringComparison.Ordinal);
            Assert.DoesNotContain(sandbox.SmtpCredentials.Password, logs.AllText, StringComparison.Ordinal);
        }
    }
}
