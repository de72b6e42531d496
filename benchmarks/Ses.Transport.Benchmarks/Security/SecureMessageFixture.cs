using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Ses.Transport.Security;
using Ses.Transport.Security.Internal;
using Ses.Transport.Testing.Identities;

namespace Ses.Transport.Benchmarks.Security;

/// <summary>
/// Generated identities (a test CA, S/MIME certificates and OpenPGP keys for a sender and a recipient) and a 100 KB
/// message: a short text part and a 98 KB attachment. Shared by the protection benchmarks; made once per process.
/// </summary>
internal sealed class SecureMessageFixture : IDisposable
{
    public const string Sender = "alice@example.com";
    public const string Recipient = "bob@example.net";
    public const int MessageSize = 100 * 1024;

    private static readonly Lazy<SecureMessageFixture> Shared = new(() => new SecureMessageFixture());

    private readonly TestIdentityAuthority _authority;

    private SecureMessageFixture()
    {
        _authority = new TestIdentityAuthority("Ses.Transport Benchmark CA");
        SenderIdentity = _authority.Issue(Sender);
        RecipientIdentity = _authority.Issue(Recipient);
        Builder = new SecureMessageBuilder(new SecureMessageBuilderOptions
        {
            SmimeSigner = SenderIdentity.Smime,
            SmimeRecipients = { RecipientIdentity.SmimePublic },
            PgpSigner = SenderIdentity.Pgp,
            PgpRecipients = { RecipientIdentity.PgpPublic },
        });

        // What a MimeKit user holds after choosing keys once: the signer, the recipient (the message's only To), an
        // OpenPGP context. The builder encrypts to the message's recipients, so both sides encrypt to Bob alone.
        SmimeSigner = new CmsSigner(SenderIdentity.Smime.Chain, SenderIdentity.Smime.PrivateKey!) { DigestAlgorithm = DigestAlgorithm.Sha256 };
        SmimeRecipients = new CmsRecipientCollection();
        foreach (var material in new[] { RecipientIdentity.SmimePublic })
        {
            SmimeRecipients.Add(new CmsRecipient(material.Certificate, SubjectIdentifierType.IssuerAndSerialNumber)
            {
                EncryptionAlgorithms = [EncryptionAlgorithm.Aes256],
            });
        }

        PgpContext = new InMemoryOpenPgpContext([SenderIdentity.Pgp, RecipientIdentity.PgpPublic], TimeProvider.System);
        var secretRing = SenderIdentity.Pgp.SecretRings[0];
        PgpSigningKey = secretRing.GetSecretKey(secretRing.GetPublicKey().KeyId);
        PgpRecipientKeys = [EncryptionKey(RecipientIdentity.PgpPublic)];
        Message = CreateMessage();
    }

    public static SecureMessageFixture Instance => Shared.Value;

    public TestIdentity SenderIdentity { get; }

    public TestIdentity RecipientIdentity { get; }

    public SecureMessageBuilder Builder { get; }

    public CmsSigner SmimeSigner { get; }

    public CmsRecipientCollection SmimeRecipients { get; }

    public InMemoryOpenPgpContext PgpContext { get; }

    public PgpSecretKey PgpSigningKey { get; }

    public IReadOnlyList<PgpPublicKey> PgpRecipientKeys { get; }

    /// <summary>The 100 KB message; its body is prepared for 7-bit transport once, here, so every run sees the same input.</summary>
    public MimeMessage Message { get; }

    /// <summary>A new message with the source's headers and <paramref name="body"/>, as the builder returns.</summary>
    public static MimeMessage WithBody(MimeMessage source, MimeEntity body)
    {
        var result = new MimeMessage();
        result.Headers.Clear();
        foreach (var header in source.Headers)
        {
            if (header.Id != HeaderId.MimeVersion && !header.Field.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                result.Headers.Add(header.Clone());
            }
        }

        result.Body = body;
        return result;
    }

    public void Dispose()
    {
        Builder.Dispose();
        PgpContext.Dispose();
        _authority.Dispose();
    }

    private static PgpPublicKey EncryptionKey(PgpKeyMaterial material)
    {
        var ring = material.PublicRings[0];
        return ring.GetPublicKeys().Last(k => k.IsEncryptionKey);
    }

    private static MimeMessage CreateMessage()
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(Sender));
        message.To.Add(MailboxAddress.Parse(Recipient));
        message.Subject = "Quarterly figures";
        message.MessageId = "bench-100k@example.com";
        var attachment = new byte[MessageSize - 2048];
        new Random(42).NextBytes(attachment);
        var builder = new BodyBuilder { TextBody = string.Concat(Enumerable.Repeat("The figures for the quarter are attached.\r\n", 48)) };
        builder.Attachments.Add("figures.bin", attachment, new ContentType("application", "octet-stream"));
        message.Body = builder.ToMessageBody();
        message.Body.Prepare(EncodingConstraint.SevenBit, 78);
        return message;
    }
}
