namespace Ses.Transport.DependencyInjection;

/// <summary>
/// A key file: for an S/MIME signer a PKCS#12 (<c>.pfx</c>/<c>.p12</c>) file and its password; for an S/MIME
/// recipient a PEM or DER certificate; for a PGP signer an armored secret key and its passphrase; for a PGP recipient
/// an armored public key. <see cref="ToString"/> never shows the password.
/// </summary>
public sealed class SesKeyFileOptions
{
    /// <summary>The file path (relative paths are resolved against the current directory).</summary>
    /// <value>The default is <see langword="null"/>, which fails validation.</value>
    public string? Path { get; set; }

    /// <summary>The PKCS#12 password or PGP passphrase; required for signer keys.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Password { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"SesKeyFileOptions {{ Path = {Path}, Password = {(Password is null ? "null" : "***")} }}";
}
