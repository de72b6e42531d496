namespace Ses.Transport.Tests.Credentials.Fixtures;

/// <summary>
/// A private environment for one test: variables in a dictionary (the process environment is never touched, so
/// tests run in parallel), a temporary home folder (so the machine's own ~/.aws is never read), deleted on dispose.
/// Instance metadata is disabled unless a test points it at a local server.
/// </summary>
public sealed class TestEnvironment : IDisposable
{
    private readonly Dictionary<string, string?> _variables = new(StringComparer.Ordinal);

    public TestEnvironment()
    {
        Home = Path.Combine(Path.GetTempPath(), "ses-creds-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Home, ".aws"));
        _variables["HOME"] = Home;
        _variables["AWS_EC2_METADATA_DISABLED"] = "true";
    }

    public string Home { get; }

    public Func<string, string?> Get => name => _variables.GetValueOrDefault(name);

    public string? this[string name]
    {
        get => _variables.GetValueOrDefault(name);
        set => _variables[name] = value;
    }

    /// <summary>Points instance metadata at <paramref name="endpoint"/> (and enables it).</summary>
    public void UseInstanceMetadata(Uri endpoint)
    {
        _variables.Remove("AWS_EC2_METADATA_DISABLED");
        _variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = endpoint.ToString();
    }

    /// <summary>Writes <paramref name="text"/> to <c>~/.aws/{name}</c> and returns the path.</summary>
    public string WriteAwsFile(string name, string text)
    {
        var path = Path.Combine(Home, ".aws", name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Writes <paramref name="text"/> to a file in the home folder and returns the path.</summary>
    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(Home, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
