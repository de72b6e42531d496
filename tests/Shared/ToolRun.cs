using System.Diagnostics;
using System.Text;

namespace Ses.Transport.Tests.Shared;

/// <summary>The outcome of running a command-line tool (openssl, gpg) to completion.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Output">Everything written to standard output.</param>
/// <param name="Error">Everything written to standard error.</param>
public sealed record ToolRun(int ExitCode, byte[] Output, string Error)
{
    /// <summary>Standard output as text.</summary>
    public string OutputText => Encoding.UTF8.GetString(Output);

    /// <summary>Runs <paramref name="fileName"/> and waits for it (killing it by PID after <paramref name="timeout"/>).</summary>
    public static async Task<ToolRun> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IDictionary<string, string>? environment = null,
        byte[]? input = null,
        TimeSpan? timeout = null)
    {
        var info = ExternalProcess.CreateStartInfo(fileName, arguments, environment, workingDirectory);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start.");
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            var output = new MemoryStream();
            var copyOutput = process.StandardOutput.BaseStream.CopyToAsync(output, cts.Token);
            var readError = process.StandardError.ReadToEndAsync(cts.Token);
            if (input is not null)
            {
                await process.StandardInput.BaseStream.WriteAsync(input, cts.Token);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(cts.Token);
            await copyOutput;
            return new ToolRun(process.ExitCode, output.ToArray(), await readError);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish in time.");
        }
    }
}
