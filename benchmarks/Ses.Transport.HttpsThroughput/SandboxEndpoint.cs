using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Ses.Transport.Credentials;
using Ses.Transport.Testing;

namespace Ses.Transport.HttpsThroughput;

/// <summary>The SES sandbox every client sends to: in this process, or a separate sandbox process read from its output.</summary>
internal sealed class SandboxEndpoint : IAsyncDisposable
{
    private readonly SesSandbox? _inProcess;
    private readonly Process? _process;

    private SandboxEndpoint(Uri api, string region, AwsCredentials credentials, string caPath, SesSandbox? inProcess, Process? process)
    {
        Api = api;
        Region = region;
        Credentials = credentials;
        CertificateAuthorityPath = caPath;
        CertificateAuthority = X509CertificateLoader.LoadCertificateFromFile(caPath);
        _inProcess = inProcess;
        _process = process;
    }

    public Uri Api { get; }

    public string Region { get; }

    public AwsCredentials Credentials { get; }

    public string CertificateAuthorityPath { get; }

    public X509Certificate2 CertificateAuthority { get; }

    /// <summary>The CPU time the sandbox process has used so far (in-process: the whole process, sandbox and client).</summary>
    public TimeSpan ServerCpu
    {
        get
        {
            if (_process is null)
            {
                using var self = Process.GetCurrentProcess();
                return self.TotalProcessorTime;
            }

            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public string Where => _process is null ? "in process" : $"separate process (pid {_process.Id})";

    public static async Task<SandboxEndpoint> StartInProcessAsync()
    {
        var sandbox = await SesSandbox.StartAsync();
        return new SandboxEndpoint(sandbox.ApiEndpoint, sandbox.Region, sandbox.Credentials, sandbox.CertificateAuthorityPath, sandbox, null);
    }

    /// <summary>Starts <c>dotnet <paramref name="sandboxDll"/></c> and reads the endpoints and credentials it prints.</summary>
    public static async Task<SandboxEndpoint> StartProcessAsync(string sandboxDll)
    {
        if (!File.Exists(sandboxDll))
        {
            throw new HarnessException($"The sandbox program '{sandboxDll}' does not exist: build samples/Ses.Transport.Sandbox -c Release, or pass --sandbox or --in-process.");
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(sandboxDll);
        var process = Process.Start(start) ?? throw new HarnessException("The sandbox process did not start.");
        try
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("Press Ctrl+C", StringComparison.Ordinal))
                {
                    break;
                }

                // "  HTTPS API          https://127.0.0.1:1234/"
                var trimmed = line.Trim();
                var gap = trimmed.IndexOf("  ", StringComparison.Ordinal);
                if (gap > 0)
                {
                    values[trimmed[..gap]] = trimmed[gap..].Trim();
                }
            }

            string Value(string name) => values.TryGetValue(name, out var value) ? value : throw new HarnessException($"The sandbox did not print '{name}' (exit: {(process.HasExited ? process.ExitCode : "running")}).");
            return new SandboxEndpoint(
                new Uri(Value("HTTPS API")),
                Value("Region"),
                new AwsCredentials(Value("Access key id"), Value("Secret access key")),
                Value("CA certificate"),
                null,
                process);
        }
        catch
        {
            Stop(process);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        CertificateAuthority.Dispose();
        if (_inProcess is not null)
        {
            await _inProcess.DisposeAsync();
        }

        if (_process is not null)
        {
            Stop(_process);
            _process.Dispose();
        }
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }
}
