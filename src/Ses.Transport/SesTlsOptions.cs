using System.Security.Cryptography.X509Certificates;

namespace Ses.Transport;

/// <summary>
/// TLS settings for hop 1, shared by all three transports: one place to say "TLS 1.3 only" or "trust this CA".
/// </summary>
public sealed class SesTlsOptions
{
    /// <summary>The lowest TLS version accepted.</summary>
    /// <value>The default is <see cref="Transport.MinimumTlsVersion.Tls12"/>.</value>
    public MinimumTlsVersion MinimumVersion { get; set; } = MinimumTlsVersion.Tls12;

    /// <summary>
    /// Certificates of the certificate authorities to trust instead of the system store, for private endpoints,
    /// the sandbox and tests. When empty, the system trust store is used. Host name checks apply either way.
    /// </summary>
    /// <value>The default is an empty collection (system trust store).</value>
    public X509Certificate2Collection TrustAnchors { get; } = [];

    /// <summary>How the server certificate's revocation status is checked.</summary>
    /// <value>The default is <see cref="X509RevocationMode.NoCheck"/>: checking needs the CA's OCSP/CRL servers to be reachable.</value>
    public X509RevocationMode RevocationMode { get; set; } = X509RevocationMode.NoCheck;

    /// <summary>Copies the settings into <paramref name="target"/> (the trust anchors are shared, not cloned).</summary>
    /// <param name="target">The options to overwrite.</param>
    public void CopyTo(SesTlsOptions target)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.MinimumVersion = MinimumVersion;
        target.RevocationMode = RevocationMode;
        target.TrustAnchors.Clear();
        target.TrustAnchors.AddRange(TrustAnchors);
    }
}
