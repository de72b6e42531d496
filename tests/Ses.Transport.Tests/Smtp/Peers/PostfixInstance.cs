using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Tests.Smtp.Peers;

/// <summary>
/// A private Postfix instance (Debian's <c>postfix</c> + Cyrus SASL; nobody here wrote it) built by
/// <c>tests/peers/postfix/postfix-setup.sh</c> in a temp folder, listening on 127.0.0.1 only: STARTTLS with TLS
/// required before AUTH on one port, implicit TLS on another. Delivered mail lands in a Maildir. Started once for a
/// test class and stopped with <c>postfix stop</c> (and by the master's PID if that fails).
/// </summary>
public sealed class PostfixInstance : IAsyncLifetime
{
    private string? _folder;

    /// <summary>Why Postfix cannot run here, or <see langword="null"/> when it runs.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>The STARTTLS port.</summary>
    public int SubmissionPort { get; private set; }

    /// <summary>The implicit-TLS port.</summary>
    public int SmtpsPort { get; private set; }

    /// <summary>Postfix's self-signed certificate, to trust as an anchor.</summary>
    public X509Certificate2? Certificate { get; private set; }

    /// <summary>What to install when Postfix is missing.</summary>
    public const string Requirement = "Postfix with Cyrus SASL, as root (apt-get install postfix sasl2-bin libsasl2-modules openssl)";

    /// <summary>The port of the listener a transport kind uses.</summary>
    public int PortFor(SesTransportKind kind) => kind == SesTransportKind.StartTlsSmtp ? SubmissionPort : SmtpsPort;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || !Peer.OnPath("postfix") || !Peer.OnPath("saslpasswd2") || !Peer.OnPath("openssl"))
        {
            Unavailable = Requirement;
            return;
        }

        _folder = Directory.CreateTempSubdirectory("ses-postfix-").FullName;
        File.SetUnixFileMode(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        SubmissionPort = FreePort.Next();
        do
        {
            SmtpsPort = FreePort.Next();
        }
        while (SmtpsPort == SubmissionPort);

        await RunAsync("sh", [Path.Combine(RepoPaths.Peers, "postfix", "postfix-setup.sh")], new Dictionary<string, string>
        {
            ["PF"] = _folder,
            ["SASL_USER"] = SmtpTest.User,
            ["SASL_PASS"] = SmtpTest.Password,
            ["SUBMISSION_PORT"] = SubmissionPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SMTPS_PORT"] = SmtpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(_folder, "tls", "cert.pem")));
        await RunAsync("postfix", ["-c", Path.Combine(_folder, "etc"), "start"]);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(Listening(SubmissionPort) && Listening(SmtpsPort)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("Postfix did not start listening:\n" + Log());
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits for a delivered message with <paramref name="messageId"/> in the Maildir.</summary>
    public async Task<MimeMessage> WaitForMessageAsync(string messageId)
    {
        var maildir = Path.Combine(_folder!, "mail", "sink", "new");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(maildir))
            {
                foreach (var file in Directory.GetFiles(maildir))
                {
                    var message = await MimeMessage.LoadAsync(file);
                    if (message.MessageId == messageId)
                    {
                        return message;
                    }
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Postfix did not deliver <{messageId}>:\n{Log()}");
    }

    /// <summary>Postfix's log (its maillog file).</summary>
    public string Log()
    {
        var path = _folder is null ? null : Path.Combine(_folder, "maillog");
        return path is not null && File.Exists(path) ? File.ReadAllText(path) : "(no maillog)";
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_folder is null)
        {
            return;
        }

        var pidFile = Path.Combine(_folder, "spool", "pid", "master.pid");
        // Postfix keeps master.pid locked, and .NET takes a shared lock to read a file: read it with cat.
        var pid = File.Exists(pidFile) && int.TryParse((await RunAsync("cat", [pidFile])).Trim(), out var p) ? p : (int?)null;
        try
        {
            await RunAsync("postfix", ["-c", Path.Combine(_folder, "etc"), "stop"]);
        }
        catch (InvalidOperationException)
        {
            // Fall back to the PID below.
        }

        if (pid is { } masterPid)
        {
            try
            {
                using var master = Process.GetProcessById(masterPid);
                if (!master.WaitForExit(TimeSpan.FromSeconds(5)))
                {
                    master.Kill(entireProcessTree: true);
                }
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<string> RunAsync(string file, string[] args, IDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }

        return await output;
    }
}
