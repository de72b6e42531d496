using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Tests.Security;

/// <summary>
/// A throw-away GnuPG home for the interop tests: a key made by gpg itself (<c>--quick-gen-key</c> plus an
/// encryption subkey from <c>--quick-add-key</c>), and the test run's BouncyCastle keys imported. Every command runs
/// with <c>--batch --trust-model always</c> (no network look-ups, no trust prompts). The gpg-agent it starts is
/// stopped with <c>gpgconf --kill gpg-agent</c> for this home when the fixture is disposed.
/// </summary>
public sealed class GnuPG : IAsyncLifetime
{
    public const string Gina = "gina@example.com";
    public const string GinaPassphrase = "gina-Passphrase-4410";
    private readonly TempDirectory _home = new();

    public static bool Installed => Peer.OnPath("gpg") && Peer.OnPath("gpgconf");

    public string Home => _home.Path;

    /// <summary>Gina's public key, as gpg exports it.</summary>
    public string GinaPublicArmor { get; private set; } = string.Empty;

    /// <summary>Gina's secret key, as gpg exports it (protected by <see cref="GinaPassphrase"/>).</summary>
    public string GinaSecretArmor { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        if (!Installed)
        {
            return;
        }

        await RunCheckedAsync(null, "--pinentry-mode", "loopback", "--passphrase", GinaPassphrase, "--quick-gen-key", $"Gina <{Gina}>", "rsa3072", "sign,cert", "never");
        var listing = await RunCheckedAsync(null, "--with-colons", "--list-keys", Gina);
        var fingerprint = listing.OutputText.Split('\n').First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];
        await RunCheckedAsync(null, "--pinentry-mode", "loopback", "--passphrase", GinaPassphrase, "--quick-add-key", fingerprint, "rsa3072", "encr", "never");
        GinaPublicArmor = (await RunCheckedAsync(null, "--armor", "--export", Gina)).OutputText;
        GinaSecretArmor = (await RunCheckedAsync(null, "--pinentry-mode", "loopback", "--passphrase", GinaPassphrase, "--armor", "--export-secret-keys", Gina)).OutputText;
    }

    /// <summary>Imports armored keys (public, or secret with its passphrase).</summary>
    public Task ImportAsync(string armored, string? passphrase = null)
    {
        var path = _home.Write($"import-{Guid.NewGuid():N}.asc", armored);
        return passphrase is null
            ? RunCheckedAsync(null, "--import", path)
            : RunCheckedAsync(null, "--pinentry-mode", "loopback", "--passphrase", passphrase, "--import", path);
    }

    /// <summary>Runs gpg in this home; status lines (<c>[GNUPG:] GOODSIG ...</c>) go to standard error.</summary>
    public Task<ToolRun> RunAsync(byte[]? input, params string[] arguments) =>
        ToolRun.RunAsync(
            "gpg",
            ["--homedir", Home, "--batch", "--no-tty", "--trust-model", "always", "--status-fd", "2", .. arguments],
            Home,
            new Dictionary<string, string> { ["GNUPGHOME"] = Home },
            input,
            TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        if (Installed)
        {
            await ToolRun.RunAsync("gpgconf", ["--kill", "gpg-agent"], Home, new Dictionary<string, string> { ["GNUPGHOME"] = Home });
        }

        _home.Dispose();
    }

    private async Task<ToolRun> RunCheckedAsync(byte[]? input, params string[] arguments)
    {
        var run = await RunAsync(input, arguments);
        if (run.ExitCode != 0)
        {
            // The value after --passphrase is a secret: the message names the command without it.
            var shown = arguments.Select((a, i) => i > 0 && arguments[i - 1] == "--passphrase" ? "***" : a);
            throw new InvalidOperationException($"gpg {string.Join(' ', shown)} failed ({run.ExitCode}): {run.Error}");
        }

        return run;
    }
}
