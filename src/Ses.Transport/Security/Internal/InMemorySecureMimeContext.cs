using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Pkix;
using Org.BouncyCastle.Utilities.Collections;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ses.Transport.Security.Internal;

/// <summary>
/// An S/MIME context over certificates and keys held in memory, made for one operation and then disposed: MimeKit's
/// verification records what it sees (signer certificates, capabilities) in the context, so contexts are never shared
/// between threads. Trust comes only from the anchors given, never from certificates that arrive inside a message.
/// No CRL is fetched over the network.
/// </summary>
internal sealed class InMemorySecureMimeContext : TemporarySecureMimeContext
{
    private readonly IReadOnlyList<SmimeKeyMaterial> _keys;
    private readonly IReadOnlyList<BcCertificate> _anchors;
    private readonly IReadOnlyList<BcCertificate> _intermediates;

    public InMemorySecureMimeContext(
        IReadOnlyList<SmimeKeyMaterial>? keys = null,
        IReadOnlyList<BcCertificate>? anchors = null,
        IReadOnlyList<BcCertificate>? intermediates = null)
    {
        _keys = keys ?? [];
        _anchors = anchors ?? [];
        _intermediates = intermediates ?? [];
        CheckCertificateRevocation = false;
        PrepareBeforeSigning = true;
    }

    protected override AsymmetricKeyParameter GetPrivateKey(ISelector<BcCertificate> selector)
    {
        foreach (var key in _keys)
        {
            if (key.PrivateKey is not null && (selector is null || selector.Match(key.Certificate)))
            {
                return key.PrivateKey;
            }
        }

        return base.GetPrivateKey(selector)!;
    }

    protected override BcCertificate GetCertificate(ISelector<BcCertificate> selector)
    {
        foreach (var key in _keys)
        {
            if (selector is null || selector.Match(key.Certificate))
            {
                return key.Certificate;
            }
        }

        return base.GetCertificate(selector)!;
    }

    // Only the configured anchors are trusted. The base class would also trust any self-signed CA certificate that
    // was imported, and verification imports the certificates a message carries.
    protected override ISet<TrustAnchor> GetTrustedAnchors() =>
        new HashSet<TrustAnchor>(_anchors.Select(a => new TrustAnchor(a, null)));

    protected override IStore<BcCertificate> GetIntermediateCertificates()
    {
        var store = new X509CertificateStore();
        foreach (var certificate in _intermediates)
        {
            store.Add(certificate);
        }

        foreach (var key in _keys)
        {
            foreach (var certificate in key.Chain.Skip(1))
            {
                store.Add(certificate);
            }
        }

        return store;
    }
}
