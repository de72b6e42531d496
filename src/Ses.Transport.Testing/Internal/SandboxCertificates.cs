using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ses.Transport.Testing.Internal;

/// <summary>
/// The sandbox's generated certificates: its CA, the server certificate it issues for <c>localhost</c> and
/// 127.0.0.1, and the two hostile ones (an untrusted issuer, a wrong host). ECDSA P-256: quick to generate.
/// Every certificate is issued at creation, so the CA's private key is discarded then; only its public part is kept.
/// Validity is set by the real clock, since clients check certificates against theirs.
/// </summary>
internal sealed class SandboxCertificates : IDisposable
{
    public const string WrongHostName = "wrong-host.invalid";

    private SandboxCertificates(X509Certificate2 authorityPublic, X509Certificate2 server, X509Certificate2 untrusted, X509Certificate2 wrongHost)
    {
        AuthorityPublic = authorityPublic;
        Server = server;
        Untrusted = untrusted;
        WrongHost = wrongHost;
    }

    /// <summary>The CA's public certificate, for trust anchors.</summary>
    public X509Certificate2 AuthorityPublic { get; }

    /// <summary>The server certificate (localhost, 127.0.0.1) with its key.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>A server certificate for localhost and 127.0.0.1 from a CA nobody trusts.</summary>
    public X509Certificate2 Untrusted { get; }

    /// <summary>A server certificate from the sandbox CA for <see cref="WrongHostName"/> only.</summary>
    public X509Certificate2 WrongHost { get; }

    public static SandboxCertificates Create()
    {
        var now = TimeProvider.System.GetUtcNow();
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var authority = CreateAuthority($"Ses.Transport Sandbox CA {id}", now);
        var untrustedAuthority = CreateAuthority($"Ses.Transport Sandbox Untrusted CA {id}", now);
        try
        {
            return new SandboxCertificates(
                X509CertificateLoader.LoadCertificate(authority.RawData),
                Issue(authority, "localhost", includeLoopback: true, now),
                Issue(untrustedAuthority, "localhost", includeLoopback: true, now),
                Issue(authority, WrongHostName, includeLoopback: false, now));
        }
        finally
        {
            authority.Dispose();
            untrustedAuthority.Dispose();
        }
    }

    public void Dispose()
    {
        AuthorityPublic.Dispose();
        Server.Dispose();
        Untrusted.Dispose();
        WrongHost.Dispose();
    }

    private static X509Certificate2 CreateAuthority(string name, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return CertificateIssuer.CreateAuthority(key, $"CN={name}, O=Ses.Transport Sandbox", now.AddHours(-1), now.AddDays(365));
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, string host, bool includeLoopback, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(host);
        if (includeLoopback)
        {
            san.AddIpAddress(IPAddress.Loopback);
        }

        return CertificateIssuer.Issue(
            authority, key, $"CN={host}", san, X509KeyUsageFlags.DigitalSignature, CertificateIssuer.ServerAuthentication, now.AddHours(-1), now.AddDays(30));
    }
}
