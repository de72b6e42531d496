using System.IO.Compression;
using System.Xml.Linq;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Tests.Packaging;

/// <summary>
/// Packs <c>Ses.Transport</c> and <c>Ses.Transport.Testing</c> with <c>dotnet pack -c Release</c> into a temporary
/// feed (with a version used by no other run, so no cached package can stand in), checks what the packages hold, and
/// then builds and runs a throwaway console program that references both packages by that version. The program starts
/// an <c>SesSandbox</c> and sends one message through <c>HttpsTransport</c>.
/// </summary>
/// <remarks>
/// Restore uses the machine's own NuGet sources (inherited from the user's NuGet configuration) plus the temporary
/// feed, with a temporary global-packages folder and the machine's packages folder as a fallback, so nothing is added
/// to the machine's cache. Build outputs go to the temporary folder too (artifacts layout), never into the repository.
/// </remarks>
[Collection(nameof(PackageTests))]
public sealed class PackageTests : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(4);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("ses-transport-pack-");
    private readonly string _version = "0.0.0-packtest." + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Pack_BothPackagesConsumedByVersion_ConsoleProgramSendsThroughSandbox()
    {
        var feed = Path.Combine(_root.FullName, "feed");
        await PackAsync("src/Ses.Transport.Testing", feed, noBuild: false);
        await PackAsync("src/Ses.Transport", feed, noBuild: true);

        var core = ReadPackage(Path.Combine(feed, $"Ses.Transport.{_version}.nupkg"));
        var testing = ReadPackage(Path.Combine(feed, $"Ses.Transport.Testing.{_version}.nupkg"));
        AssertPackageShape(core, "Ses.Transport");
        AssertPackageShape(testing, "Ses.Transport.Testing");
        Assert.Equal($"[{_version}]", testing.DependencyVersion("Ses.Transport"));
        Assert.Null(core.DependencyVersion("SmtpServer"));
        Assert.Contains("Microsoft.AspNetCore.App", testing.FrameworkReferences);
        Assert.Empty(core.FrameworkReferences);

        var app = Path.Combine(_root.FullName, "app");
        WriteConsumer(app, feed);
        var run = await DotnetAsync(app, "run", "-c", "Release", "--nologo");

        Assert.True(run.ExitCode == 0, $"dotnet run failed ({run.ExitCode}):\n{run.OutputText}\n{run.Error}");
        var output = run.OutputText.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("transport=Https", output);
        Assert.Contains("subject=Sent from the packages", output);
        Assert.Contains("arrived=True", output);
        Assert.Contains($"ses-transport-version={_version}", output.Select(StripCommitSuffix));
        Assert.Contains($"testing-version={_version}", output.Select(StripCommitSuffix));
        var loadedFrom = Assert.Single(output, l => l.StartsWith("loaded-from=", StringComparison.Ordinal))["loaded-from=".Length..];
        Assert.StartsWith(Path.Combine(_root.FullName, "app"), loadedFrom, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void AssertPackageShape(PackageContents package, string id)
    {
        Assert.Equal(id, package.Metadata("id"));
        Assert.False(string.IsNullOrWhiteSpace(package.Metadata("description")));
        Assert.Equal("MIT", package.Metadata("license"));
        Assert.Equal("README.md", package.Metadata("readme"));
        Assert.NotNull(package.Metadata("projectUrl"));
        Assert.Contains("README.md", package.Entries);
        Assert.Contains($"lib/net10.0/{id}.dll", package.Entries);
        Assert.Contains($"lib/net10.0/{id}.xml", package.Entries);

        // Only the library, its docs and the readme: no tests, samples, keys or certificates.
        string[] packagingParts = ["_rels/", "package/", "[Content_Types].xml", $"{id}.nuspec", "README.md"];
        var payload = package.Entries.Where(e => !packagingParts.Any(p => e.StartsWith(p, StringComparison.Ordinal))).ToArray();
        Assert.Equal([$"lib/net10.0/{id}.dll", $"lib/net10.0/{id}.xml"], payload.Order(StringComparer.Ordinal).ToArray());
    }

    private static string StripCommitSuffix(string line) => line.Split('+')[0];

    private static PackageContents ReadPackage(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not produced.");
        using var zip = ZipFile.OpenRead(path);
        var entries = zip.Entries.Select(e => e.FullName).ToArray();
        var nuspecEntry = Assert.Single(zip.Entries, e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        using var stream = nuspecEntry.Open();
        return new PackageContents(entries, XDocument.Load(stream));
    }

    private async Task PackAsync(string project, string feed, bool noBuild)
    {
        List<string> arguments =
        [
            "pack", Path.Combine(RepoPaths.Root, project), "-c", "Release", "--nologo", "-o", feed,
            "-p:Version=" + _version,
            // Outputs (bin, obj, restore files) under the temporary folder; the repository's obj stays as it is.
            "-p:UseArtifactsOutput=true",
            "-p:ArtifactsPath=" + Path.Combine(_root.FullName, "artifacts"),
        ];
        if (noBuild)
        {
            arguments.Add("--no-build");
        }

        var pack = await DotnetAsync(RepoPaths.Root, [.. arguments]);
        Assert.True(pack.ExitCode == 0, $"dotnet pack {project} failed ({pack.ExitCode}):\n{pack.OutputText}\n{pack.Error}");
        Assert.DoesNotContain("warning", pack.OutputText, StringComparison.OrdinalIgnoreCase);
    }

    private void WriteConsumer(string app, string feed)
    {
        Directory.CreateDirectory(app);
        var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

        // No <clear/>: the machine's own sources (nuget.org or its mirror) stay in, the local feed is added.
        File.WriteAllText(Path.Combine(app, "nuget.config"), new XDocument(
            new XElement("configuration",
                new XElement("config", Add("globalPackagesFolder", Path.Combine(_root.FullName, "packages"))),
                new XElement("packageSources", Add("ses-transport-under-test", feed)),
                new XElement("fallbackPackageFolders", Add("machine", machinePackages)))).ToString());

        File.WriteAllText(Path.Combine(app, "PackageConsumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Ses.Transport" Version="{_version}" />
                <PackageReference Include="Ses.Transport.Testing" Version="{_version}" />
              </ItemGroup>
            </Project>
            """);

        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using System.Reflection;
            using MimeKit;
            using Ses.Transport.Credentials;
            using Ses.Transport.Https;
            using Ses.Transport.Testing;

            await using var sandbox = await SesSandbox.StartAsync();
            var options = new HttpsTransportOptions
            {
                ServiceUrl = sandbox.ApiEndpoint,
                Region = sandbox.Region,
                CredentialsProvider = new StaticCredentialsProvider(sandbox.Credentials),
            };
            options.Tls.TrustAnchors.Add(sandbox.CertificateAuthority);
            await using var transport = new HttpsTransport(options);

            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse("sender@example.com"));
            message.To.Add(MailboxAddress.Parse("recipient@example.com"));
            message.Subject = "Sent from the packages";
            message.Body = new TextPart("plain") { Text = "Hello." };
            var receipt = await transport.SendAsync(message);
            var recorded = await sandbox.WaitForMessageAsync(m => m.Id == receipt.MessageId, TimeSpan.FromSeconds(30));

            Console.WriteLine($"transport={receipt.Transport}");
            Console.WriteLine($"subject={recorded.Subject}");
            Console.WriteLine($"arrived={recorded.Id == receipt.MessageId}");
            Console.WriteLine($"ses-transport-version={Version(typeof(HttpsTransport))}");
            Console.WriteLine($"testing-version={Version(typeof(SesSandbox))}");
            Console.WriteLine($"loaded-from={typeof(HttpsTransport).Assembly.Location}");

            static string? Version(Type type) =>
                type.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            """);

        static XElement Add(string key, string value) => new("add", new XAttribute("key", key), new XAttribute("value", value));
    }

    private static Task<ToolRun> DotnetAsync(string workingDirectory, params string[] arguments) =>
        ToolRun.RunAsync(
            "dotnet",
            arguments,
            workingDirectory,
            new Dictionary<string, string>
            {
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
                ["MSBUILDDISABLENODEREUSE"] = "1",
            },
            timeout: StepTimeout);

    /// <summary>Two builds and a restore: run alone, not beside tests that start servers.</summary>
    [CollectionDefinition(nameof(PackageTests), DisableParallelization = true)]
    public sealed class Serial;

    private sealed record PackageContents(IReadOnlyList<string> Entries, XDocument Nuspec)
    {
        public IEnumerable<string> FrameworkReferences =>
            Nuspec.Descendants().Where(e => e.Name.LocalName == "frameworkReference").Select(e => (string?)e.Attribute("name") ?? string.Empty);

        public string? Metadata(string name) =>
            Nuspec.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata")
                ?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

        public string? DependencyVersion(string id) =>
            Nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == "dependency" && (string?)e.Attribute("id") == id)
                ?.Attribute("version")?.Value;
    }
}
