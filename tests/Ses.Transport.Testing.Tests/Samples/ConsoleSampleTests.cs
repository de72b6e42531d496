using System.Text.RegularExpressions;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Testing.Tests.Samples;

/// <summary>
/// The README's main job, run by its own command from the README: the console sample against the sandbox it starts
/// in process. Its table must show every transport and protection, and the hop-2 difference REQUIRE makes.
/// </summary>
public sealed class ConsoleSampleTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(5);

    // The error paths run the sample built with the tests; only the main job goes through the README's own command.
    private static string Sample => RepoPaths.BuiltSample("Ses.Transport.ConsoleSample");

    [Fact]
    public async Task ReadmeMainJob_NoArguments_PrintsOneRowPerSendWithHop2Outcomes()
    {
        var command = ReadmeMainJobCommand();

        var run = await ToolRun.RunAsync("bash", ["-c", command], workingDirectory: RepoPaths.Root, timeout: Budget);

        Assert.True(run.ExitCode == 0, $"'{command}' exited with {run.ExitCode}:\n{run.OutputText}\n{run.Error}");
        var rows = TableRows(run.OutputText);
        Assert.Equal(11, rows.Count);
        foreach (var transport in new[] { "HTTPS API", "SMTP STARTTLS", "SMTP TLS wrapper" })
        {
            foreach (var protection in new[] { "none", "S/MIME sign+encrypt", "PGP sign+encrypt" })
            {
                var row = Assert.Single(rows, r => r.StartsWith(transport + " ", StringComparison.Ordinal) && r.Contains("  " + protection + "  ", StringComparison.Ordinal) && r.Contains("(none)", StringComparison.Ordinal));
                Assert.Matches(@"TLS 1\.[23] ", row);
                Assert.Contains("delivered over TLS", row, StringComparison.Ordinal);
                Assert.Matches("[0-9a-f]{16}-[0-9a-f-]{36}-000000", row);
            }
        }

        Assert.Contains(rows, r => r.Contains("sample-tls-require", StringComparison.Ordinal) && r.Contains("DROPPED (receiver has no TLS)", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("sample-tls-optional", StringComparison.Ordinal) && r.Contains("delivered WITHOUT TLS", StringComparison.Ordinal));
        Assert.Contains("starting the local SES sandbox", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadmeMainJob_UnknownArgument_OneErrorLineAndExitCode2()
    {
        var run = await ToolRun.RunAsync("dotnet", [Sample, "--bogus"], timeout: Budget);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: unknown argument '--bogus'", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("transport ", run.OutputText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadmeMainJob_RealSesWithoutCredentials_OneErrorLineAndExitCode1()
    {
        // No credentials anywhere, and no network: the instance-metadata source is disabled, the files do not exist.
        var empty = Path.Combine(Path.GetTempPath(), "ses-sample-" + Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = string.Empty,
            ["AWS_SECRET_ACCESS_KEY"] = string.Empty,
            ["AWS_SESSION_TOKEN"] = string.Empty,
            ["AWS_PROFILE"] = string.Empty,
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(empty, "credentials"),
            ["AWS_CONFIG_FILE"] = Path.Combine(empty, "config"),
            ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = string.Empty,
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = string.Empty,
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };

        var run = await ToolRun.RunAsync(
            "dotnet",
            [Sample, "--region", "eu-west-1", "--from", "sender@example.com", "--to", "recipient@example.com"],
            environment: environment,
            timeout: Budget);

        Assert.True(run.ExitCode == 1, $"exit code {run.ExitCode}:\n{run.OutputText}\n{run.Error}");
        var errors = run.Error.Split('\n').Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        var error = Assert.Single(errors);
        Assert.Contains("AwsCredentialsException", error, StringComparison.Ordinal);
        Assert.DoesNotContain("transport ", run.OutputText, StringComparison.Ordinal);
    }

    /// <summary>The first command of the README's shell block: the main job, exactly as users type it.</summary>
    private static string ReadmeMainJobCommand()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var block = Regex.Match(readme, "```sh\n(.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, "README.md has no ```sh block");
        var command = block.Groups[1].Value.Split('\n').Select(l => l.Trim()).First(l => l.Length > 0 && !l.StartsWith('#'));
        Assert.StartsWith("dotnet run --project samples/Ses.Transport.ConsoleSample", command, StringComparison.Ordinal);
        return command;
    }

    private static List<string> TableRows(string output)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd()).ToList();
        var header = lines.FindIndex(l => l.StartsWith("transport ", StringComparison.Ordinal));
        Assert.True(header >= 0, "no table in the output:\n" + output);
        return lines.Skip(header + 2).Where(l => l.Length > 0).ToList();
    }
}
