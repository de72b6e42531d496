using System.Collections.Concurrent;
using MimeKit;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Tests.Smtp.Peers;

/// <summary>
/// Node's <c>smtp-server</c> package (npm; nobody here wrote it) run through <c>tests/peers/smtp-sink.js</c> on
/// 127.0.0.1. Messages land as files in a temp folder; the commands it saw and the bytes it received in clear are kept.
/// </summary>
public sealed class NodeSmtpSink : IAsyncDisposable
{
    private readonly ExternalProcess _process;
    private readonly string _folder;

    private NodeSmtpSink(ExternalProcess process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Whether node and the smtp-server package are installed.</summary>
    public static bool Available => Peer.NodePackage("smtp-server");

    /// <summary>What to install when it is not.</summary>
    public const string Requirement = "node + smtp-server (npm ci --prefix tests/peers)";

    /// <summary>Command lines the server logged (AUTH data redacted by smtp-server).</summary>
    public IReadOnlyList<string> Commands =>
        [.. _process.Output.Split('\n').Where(l => l.StartsWith("CMD ", StringComparison.Ordinal)).Select(l => l.Split(' ', 3).ElementAtOrDefault(2)?.Trim() ?? string.Empty)];

    /// <summary>Every byte the server received in clear (before STARTTLS), as Latin-1 text.</summary>
    public string Plaintext => File.Exists(Path.Combine(_folder, "plaintext.log"))
        ? System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(_folder, "plaintext.log")))
        : string.Empty;

    /// <summary>The raw messages received.</summary>
    public IReadOnlyList<byte[]> RawMessages => [.. Directory.GetFiles(_folder, "*.eml").Order().Select(File.ReadAllBytes)];

    /// <summary>The messages received, parsed.</summary>
    public IReadOnlyList<MimeMessage> Messages => [.. RawMessages.Select(b => MimeMessage.Load(new MemoryStream(b)))];

    /// <summary>The process output, for failure messages.</summary>
    public string Output => _process.Output;

    /// <summary>Starts the sink. Environment settings are those documented in smtp-sink.js (SINK_*).</summary>
    public static async Task<NodeSmtpSink> StartAsync(IDictionary<string, string> settings)
    {
        var folder = Directory.CreateTempSubdirectory("ses-smtp-sink-").FullName;
        var (cert, key) = TestCertificates.WritePem(TestCertificates.Localhost, folder);
        var env = new Dictionary<string, string>
        {
            ["SINK_OUT"] = Path.Combine(folder, "mail"),
            ["SINK_CERT"] = cert,
            ["SINK_KEY"] = key,
            ["SINK_USER"] = SmtpTest.User,
            ["SINK_PASS"] = SmtpTest.Password,
            ["SINK_PORT"] = "0",
        };
        foreach (var (k, v) in settings)
        {
            env[k] = v;
        }

        var process = await ExternalProcess.StartAsync(
            "node",
            [Path.Combine(RepoPaths.Peers, "smtp-sink.js")],
            readyPattern: @"^READY port=(?<port>\d+)",
            environment: env,
            workingDirectory: RepoPaths.Peers,
            timeout: TimeSpan.FromSeconds(20));
        var port = int.Parse(process.ReadyMatch.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
        return new NodeSmtpSink(process, env["SINK_OUT"], port);
    }

    /// <summary>Waits until <paramref name="count"/> messages arrived (the sink writes files asynchronously).</summary>
    public async Task<bool> WaitForMessagesAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (RawMessages.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return RawMessages.Count >= count;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
