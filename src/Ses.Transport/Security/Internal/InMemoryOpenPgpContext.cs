using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Ses.Transport.Security.Internal;

/// <summary>
/// An OpenPGP context over keys held in memory (no GnuPG keyring, no key server, no global registration). The key
/// rings are fixed when it is made, so one instance serves concurrent callers. Secret keys come unlocked from
/// <see cref="PgpKeyMaterial"/>, so no passphrase is ever asked for or kept.
/// </summary>
internal sealed class InMemoryOpenPgpContext : OpenPgpContext
{
    private readonly IReadOnlyList<PgpPublicKeyRing> _publicRings;
    private readonly IReadOnlyList<PgpSecretKeyRing> _secretRings;
    private readonly TimeProvider _timeProvider;

    public InMemoryOpenPgpContext(IEnumerable<PgpKeyMaterial> materials, TimeProvider timeProvider)
    {
        var list = materials.ToList();
        _publicRings = list.SelectMany(m => m.PublicRings).ToList();
        _secretRings = list.SelectMany(m => m.SecretRings).ToList();
        _timeProvider = timeProvider;

        // RFC 4880 §13.2 lists AES-256 among what implementations should support; MimeKit's default is CAST5.
        DefaultEncryptionAlgorithm = EncryptionAlgorithm.Aes256;
        AutoKeyRetrieve = false;
        PrepareBeforeSigning = true;
    }

    public IReadOnlyList<PgpPublicKeyRing> PublicRings => _publicRings;

    public IReadOnlyList<PgpSecretKeyRing> SecretRings => _secretRings;

    public override bool CanSign(MailboxAddress signer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        try
        {
            PgpKeys.SelectSigningKey(_secretRings, signer.Address, _timeProvider.GetUtcNow());
            return true;
        }
        catch (SecureMessageException)
        {
            return false;
        }
    }

    public override bool CanEncrypt(MailboxAddress mailbox, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        try
        {
            PgpKeys.SelectEncryptionKey(_publicRings, mailbox.Address, _timeProvider.GetUtcNow());
            return true;
        }
        catch (SecureMessageException)
        {
            return false;
        }
    }

    public override IList<PgpPublicKey> GetPublicKeys(IEnumerable<MailboxAddress> mailboxes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mailboxes);
        var now = _timeProvider.GetUtcNow();
        return mailboxes.Select(m => PgpKeys.SelectEncryptionKey(_publicRings, m.Address, now)).ToList();
    }

    public override PgpSecretKey GetSigningKey(MailboxAddress mailbox, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        return PgpKeys.SelectSigningKey(_secretRings, mailbox.Address, _timeProvider.GetUtcNow());
    }

    public override void Import(PgpPublicKeyRing keyring, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The in-memory OpenPGP context is fixed when created; give keys through PgpKeyMaterial.");

    public override void Import(PgpPublicKeyRingBundle bundle, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The in-memory OpenPGP context is fixed when created; give keys through PgpKeyMaterial.");

    public override void Import(PgpSecretKeyRing keyring, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The in-memory OpenPGP context is fixed when created; give keys through PgpKeyMaterial.");

    public override void Import(PgpSecretKeyRingBundle bundle, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The in-memory OpenPGP context is fixed when created; give keys through PgpKeyMaterial.");

    public override MimePart Export(IEnumerable<MailboxAddress> mailboxes, CancellationToken cancellationToken = default) =>
        Export(GetPublicKeys(mailboxes, cancellationToken), cancellationToken);

    public override Task<MimePart> ExportAsync(IEnumerable<MailboxAddress> mailboxes, CancellationToken cancellationToken = default) =>
        ExportAsync(GetPublicKeys(mailboxes, cancellationToken), cancellationToken);

    public override void Export(IEnumerable<MailboxAddress> mailboxes, Stream stream, bool armor, CancellationToken cancellationToken = default) =>
        Export(GetPublicKeys(mailboxes, cancellationToken), stream, armor, cancellationToken);

    public override Task ExportAsync(IEnumerable<MailboxAddress> mailboxes, Stream stream, bool armor, CancellationToken cancellationToken = default) =>
        ExportAsync(GetPublicKeys(mailboxes, cancellationToken), stream, armor, cancellationToken);

    // Keys were unlocked when loaded (PgpKeyMaterial), so there is no passphrase to give.
    protected override string GetPasswordForKey(PgpSecretKey key) => string.Empty;

    protected override PgpPublicKeyRing? GetPublicKeyRing(long keyId, CancellationToken cancellationToken)
    {
        foreach (var ring in _publicRings)
        {
            if (ring.GetPublicKey(keyId) is not null)
            {
                return ring;
            }
        }

        return null;
    }

    protected override Task<PgpPublicKeyRing?> GetPublicKeyRingAsync(long keyId, CancellationToken cancellationToken) =>
        Task.FromResult(GetPublicKeyRing(keyId, cancellationToken));

    protected override PgpSecretKey GetSecretKey(long keyId, CancellationToken cancellationToken)
    {
        foreach (var ring in _secretRings)
        {
            if (ring.GetSecretKey(keyId) is { IsPrivateKeyEmpty: false } key)
            {
                return key;
            }
        }

        return null!;
    }
}
