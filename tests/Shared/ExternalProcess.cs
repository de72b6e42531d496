using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Ses.Transport.Tests.Shared;

/// <summary>
/// A peer program started for a test (a Node SMTP server, openssl s_server, stunnel, ...). It waits for a line
/// matching a ready pattern, keeps all output for diagnostics, and on dispose kills the process (and its children)
/// by PID.
/// </summary>
public sealed class ExternalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Match> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Regex? _readyPattern;

    private ExternalProcess(Process process, Regex? readyPattern)
    {
        _process = process;
        _readyPattern = readyPattern;
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Everything the process printed so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The match of the ready pattern (its groups can carry a port, say).</summary>
    public Match ReadyMatch => _ready.Task.IsCompletedSuccessfully ? _ready.Task.Result : Match.Empty;

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts a program and waits until a line matches <paramref name="readyPattern"/> (when given).</summary>
    public static async Task<ExternalProcess> StartAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? readyPattern = null,
        IDictionary<string, string>? environment = null,
        string? workingDirectory = null,
        TimeSpan? timeout = null)
    {
        var info = CreateStartInfo(fileName, arguments, environment, workingDirectory);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var peer = new ExternalProcess(process, readyPattern is null ? null : new Regex(readyPattern, RegexOptions.CultureInvariant));
        process.OutputDataReceived += (_, e) => peer.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => peer.OnLine(e.Data);
        process.Exited += (_, _) => peer._ready.TrySetException(new InvalidOperationException($"{fileName} exited with {SafeExitCode(process)} before it was ready:\n{peer.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        if (peer._readyPattern is null)
        {
            peer._ready.TrySetResult(Match.Empty);
        }

        try
        {
            await peer._ready.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }

        return peer;
    }

    /// <summary>A start description with every stream redirected and the arguments passed one by one (no shell).</summary>
    internal static ProcessStartInfo CreateStartInfo(
        string fileName,
        IEnumerable<string> arguments,
        IDictionary<string, string>? environment,
        string? workingDirectory)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        return info;
    }

    /// <summary>Writes a line to the process's standard input.</summary>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits until the output contains a line matching <paramref name="pattern"/>.</summary>
    public async Task<bool> WaitForOutputAsync(string pattern, TimeSpan timeout)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (regex.IsMatch(Output))
            {
                return true;
            }

            await Task.Delay(25);
        }

        return regex.IsMatch(Output);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        catch (TimeoutException)
        {
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static string SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (_readyPattern?.Match(line) is { Success: true } match)
        {
            _ready.TrySetResult(match);
        }
    }
}
