namespace Ses.Transport.Tests.Security;

/// <summary>A temporary directory removed on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        // Short path under /tmp: gpg-agent's socket path must stay under the Unix socket length limit.
        Path = Directory.CreateTempSubdirectory("ses-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string text)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public string Write(string name, byte[] bytes)
    {
        var path = File(name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
