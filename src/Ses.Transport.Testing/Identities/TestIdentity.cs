using System.Security.Cryptography.X509Certificates;
using Ses.Transport.Security;

namespace Ses.Transport.Testing.Identities;

/// <summary>
/// A generated person for tests and demos: an email address with an S/MIME certificate and an OpenPGP key pair.
/// Made by <see cref="TestIdentityAuthority.Issue"/>; never use it for real mail.
/// </summary>
public sealed class TestIdentity
{
    internal TestIdentity(string address, X509Certificate2 certificate, SmimeKeyMaterial smime, SmimeKeyMaterial smimePublic, PgpKeyMaterial pgp, PgpKeyMaterial pgpPublic, string pgpPublicArmor)
    {
        Address = address;
        Certificate = certificate;
        Smime = smime;
        SmimePublic = smimePublic;
        Pgp = pgp;
        PgpPublic = pgpPublic;
        PgpPublicKeyArmor = pgpPublicArmor;
    }

    /// <summary>The email address both keys are bound to.</summary>
    public string Address { get; }

    /// <summary>The S/MIME certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>S/MIME key material with the private key (to sign, or to read mail sent to this identity).</summary>
    public SmimeKeyMaterial Smime { get; }

    /// <summary>S/MIME key material without the private key (to encrypt to this identity).</summary>
    public SmimeKeyMaterial SmimePublic { get; }

    /// <summary>OpenPGP key material with the unlocked secret key.</summary>
    public PgpKeyMaterial Pgp { get; }

    /// <summary>OpenPGP key material with the public key only.</summary>
    public PgpKeyMaterial PgpPublic { get; }

    /// <summary>The ASCII-armored OpenPGP public key.</summary>
    public string PgpPublicKeyArmor { get; }

    /// <inheritdoc />
    public override string ToString() => $"TestIdentity {{ Address = {Address}, S/MIME = {Smime.Thumbprint}, PGP = {string.Join(", ", Pgp.Fingerprints)} }}";
}
