using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Ses.Transport.Internal;

/// <summary>
/// Server certificate checks and protocol versions for all three transports, from one <see cref="SesTlsOptions"/>.
/// With trust anchors configured, the chain must end at one of them (the system store is not consulted);
/// without, the platform's verdict against the system store stands. The host name is always checked.
/// </summary>
internal sealed class CertificateValidator
{
    private readonly X509Certificate2Collection _anchors;

    public CertificateValidator(SesTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _anchors = [.. options.TrustAnchors];
        RevocationMode = options.RevocationMode;
        Protocols = options.MinimumVersion == MinimumTlsVersion.Tls13
            ? SslProtocols.Tls13
            : SslProtocols.Tls12 | SslProtocols.Tls13;
    }

    /// <summary>The protocol versions to offer: TLS 1.2 and 1.3, or 1.3 alone.</summary>
    public SslProtocols Protocols { get; }

    /// <summary>How revocation is checked.</summary>
    public X509RevocationMode RevocationMode { get; }

    /// <summary>Decides whether the server certificate is acceptable.</summary>
    /// <returns><see langword="null"/> when it is; otherwise why not.</returns>
    public TlsFailure? Validate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return TlsFailure.HandshakeFailed;
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return TlsFailure.CertificateNameMismatch;
        }

        if (_anchors.Count == 0)
        {
            return errors == SslPolicyErrors.None ? null : Classify(chain);
        }

        // Rebuild the chain against the configured anchors only (custom root trust).
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_anchors);
        custom.ChainPolicy.RevocationMode = RevocationMode;
        custom.ChainPolicy.RevocationFlag = X509RevocationFlag.ExcludeRoot;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (certificate is X509Certificate2 leaf)
        {
            return custom.Build(leaf) ? null : Classify(custom);
        }

        using var loaded = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(loaded) ? null : Classify(custom);
    }

    /// <summary>
    /// A validation callback for <see cref="SslStream"/>-based clients that reports the reason of a refusal
    /// through <paramref name="onFailure"/>, so the caller can raise a typed <see cref="SesTlsException"/>.
    /// </summary>
    public RemoteCertificateValidationCallback CreateCallback(Action<TlsFailure> onFailure) =>
        (_, certificate, chain, errors) =>
        {
            var failure = Validate(certificate, chain, errors);
            if (failure is { } f)
            {
                onFailure(f);
                return false;
            }

            return true;
        };

    private static TlsFailure Classify(X509Chain? chain)
    {
        if (chain is null)
        {
            return TlsFailure.CertificateUntrusted;
        }

        foreach (var status in chain.ChainStatus)
        {
            if (status.Status.HasFlag(X509ChainStatusFlags.NotTimeValid))
            {
                return TlsFailure.CertificateExpired;
            }

            if (status.Status.HasFlag(X509ChainStatusFlags.Revoked)
                || status.Status.HasFlag(X509ChainStatusFlags.RevocationStatusUnknown)
                || status.Status.HasFlag(X509ChainStatusFlags.OfflineRevocation))
            {
                return TlsFailure.CertificateRevoked;
            }
        }

        return TlsFailure.CertificateUntrusted;
    }
}
