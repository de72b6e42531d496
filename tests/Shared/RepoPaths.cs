namespace Ses.Transport.Tests.Shared;

/// <summary>Paths inside the repository, found from the test binary's folder.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ses.Transport.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Ses.Transport.sln not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The repository root (the folder with <c>Ses.Transport.sln</c>).</summary>
    public static string Root => RootPath.Value;

    /// <summary><c>tests/peers</c>: Node peer scripts and their <c>package.json</c>.</summary>
    public static string Peers => Path.Combine(Root, "tests", "peers");

    /// <summary><c>tests/peers/node_modules</c>.</summary>
    public static string NodeModules => Path.Combine(Peers, "node_modules");

    /// <summary>
    /// The dll of a sample built alongside the tests (a non-assembly project reference), in the tests' configuration and
    /// target framework: <c>samples/{project}/bin/{configuration}/{tfm}/{project}.dll</c>.
    /// </summary>
    public static string BuiltSample(string project)
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(Root, "samples", project, "bin", tfm.Parent!.Name, tfm.Name, project + ".dll");
        Assert.True(File.Exists(path), $"{project} is built with the tests (project reference), expected at {path}");
        return path;
    }
}
