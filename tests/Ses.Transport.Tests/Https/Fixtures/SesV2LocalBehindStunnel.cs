using System.Globalization;
using System.Text.Json;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Tests.Https.Fixtures;

/// <summary>
/// <c>aws-ses-v2-local</c> (npm; plain HTTP on 127.0.0.1) fronted by Debian's <c>stunnel</c> terminating TLS with a
/// <see cref="TestCertificates"/> certificate, so <see cref="Ses.Transport.Https.HttpsTransport"/> talks HTTPS to it.
/// Both processes are killed by PID on dispose; the temporary directory is removed.
/// </summary>
public sealed class SesV2LocalBehindStunnel : IAsyncDisposable
{
    private readonly string _folder;
    private ExternalProcess? _ses;
    private ExternalProcess? _stunnel;

    private SesV2LocalBehindStunnel(string folder)
    {
        _folder = folder;
    }

    /// <summary>The HTTPS endpoint (stunnel).</summary>
    public Uri ServiceUrl { get; private set; } = null!;

    /// <summary>The emulator's own plain-HTTP address on 127.0.0.1, for reading its store.</summary>
    public Uri StoreBase { get; private set; } = null!;

    public static bool Available =>
        Peer.NodePackage("aws-ses-v2-local") && Peer.OnPath("stunnel");

    public static async Task<SesV2LocalBehindStunnel> StartAsync(string? accountJson = null)
    {
        var peer = new SesV2LocalBehindStunnel(Directory.CreateTempSubdirectory("ses-v2-local-").FullName);
        try
        {
            var sesPort = FreePort.Next();
            var environment = new Dictionary<string, string>();
            if (accountJson is not null)
            {
                environment["AWS_SES_ACCOUNT"] = accountJson;
            }

            peer._ses = await ExternalProcess.StartAsync(
                "node",
                [Path.Combine(RepoPaths.NodeModules, "aws-ses-v2-local", "dist", "cli.js"), "--host", "127.0.0.1", "--port", sesPort.ToString(CultureInfo.InvariantCulture)],
                readyPattern: "server running at",
                environment: environment,
                workingDirectory: RepoPaths.Peers);
            peer.StoreBase = new Uri($"http://127.0.0.1:{sesPort}/");

            var (cert, key) = TestCertificates.WritePem(TestCertificates.Localhost, peer._folder);
            var tlsPort = FreePort.Next();
            var config = Path.Combine(peer._folder, "stunnel.conf");
            await File.WriteAllTextAsync(config, $"""
                foreground = yes
                pid =
                debug = notice
                [ses]
                accept = 127.0.0.1:{tlsPort}
                connect = 127.0.0.1:{sesPort}
                cert = {cert}
                key = {key}
                sslVersionMin = TLSv1.2
                """);
            peer._stunnel = await ExternalProcess.StartAsync(Peer.FindOnPath("stunnel")!, [config], readyPattern: "Configuration successful", workingDirectory: peer._folder);
            peer.ServiceUrl = new Uri($"https://127.0.0.1:{tlsPort}/");
            return peer;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    /// <summary>The emulator's stored emails (<c>GET /store</c>).</summary>
    public async Task<JsonElement[]> EmailsAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient();
        var json = await client.GetStringAsync(new Uri(StoreBase, "store"), cancellationToken);
        return JsonDocument.Parse(json).RootElement.GetProperty("emails").EnumerateArray().ToArray();
    }

    public string Output => (_ses?.Output ?? "") + (_stunnel?.Output ?? "");

    public async ValueTask DisposeAsync()
    {
        if (_stunnel is not null)
        {
            await _stunnel.DisposeAsync();
        }

        if (_ses is not null)
        {
            await _ses.DisposeAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
