namespace Ses.Transport.Tests.Shared;

/// <summary>
/// Gate for tests that need an outside program (gpg, openssl, Postfix, Node peers). On a developer machine a
/// missing peer skips the test with a message saying what to install; under <c>CI=true</c> it fails the test.
/// </summary>
public static class Peer
{
    /// <summary>Whether the run is CI (<c>CI=true</c>), where every peer must be present.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips (or, under CI, fails) unless <paramref name="available"/>.</summary>
    /// <param name="available">Whether the peer is there.</param>
    /// <param name="what">What is missing and how to get it, e.g. "gpg (apt-get install gnupg)".</param>
    public static void Require(bool available, string what)
    {
        if (available)
        {
            return;
        }

        if (IsCi)
        {
            Assert.Fail($"Required peer missing under CI=true: {what}. .ci/run installs it.");
        }

        Assert.Skip($"Peer not installed: {what}. Run .ci/run, or install it, to include this test.");
    }

    /// <summary>Whether an executable is on the PATH.</summary>
    public static bool OnPath(string executable) => FindOnPath(executable) is not null;

    /// <summary>The full path of an executable on the PATH, or <see langword="null"/>.</summary>
    public static string? FindOnPath(string executable)
    {
        if (Path.IsPathRooted(executable))
        {
            return File.Exists(executable) ? executable : null;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                     .Concat(["/usr/sbin", "/sbin", "/usr/bin"]))
        {
            var candidate = Path.Combine(dir, executable);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Whether a Node package is installed under <c>tests/peers/node_modules</c> (by <c>npm ci --prefix tests/peers</c>).</summary>
    public static bool NodePackage(string name) =>
        OnPath("node") && Directory.Exists(Path.Combine(RepoPaths.NodeModules, name));
}
