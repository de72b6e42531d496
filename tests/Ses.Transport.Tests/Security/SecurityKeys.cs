using System.Security.Cryptography.X509Certificates;
using MimeKit;
using Ses.Transport.Security;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Tests.Security;

/// <summary>The security tests share one set of generated keys (made once per run): they run as one collection.</summary>
[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurityKeys>
{
    /// <summary>The collection name.</summary>
    public const string Name = "Security keys";
}

/// <summary>
/// Keys generated for the security tests: a test CA with RSA and EC S/MIME certificates (and broken ones), and
/// OpenPGP keys (RSA and EC, and broken ones) made with BouncyCastle.
/// </summary>
public sealed class SecurityKeys : IDisposable
{
    public const string Alice = "alice@example.com";
    public const string Bob = "bob@example.net";
    public const string Carol = "carol@example.org";
    public const string Dave = "dave@example.org";
    public const string PfxPassword = "pfx-Secret-7391";
    public const string AlicePassphrase = "alice-Passphrase-5527";
    public const string BobPassphrase = "bob-Passphrase-8812";

    public SecurityKeys()
    {
        Authority = TestCertificates.CreateAuthority("Ses.Transport S/MIME Test CA");
        AliceCertificate = SmimeTestCertificates.Issue(Authority, "Alice", Alice);
        BobCertificate = SmimeTestCertificates.Issue(Authority, "Bob", Bob);
        CarolCertificate = SmimeTestCertificates.Issue(Authority, "Carol", Carol, ec: true);
        DaveCertificate = SmimeTestCertificates.Issue(Authority, "Dave", Dave, ec: true);

        AliceSmime = SmimeKeyMaterial.FromCertificate(AliceCertificate);
        BobSmime = SmimeKeyMaterial.FromCertificate(BobCertificate);
        BobSmimePublic = SmimeKeyMaterial.FromPem(BobCertificate.ExportCertificatePem());
        CarolSmime = SmimeKeyMaterial.FromCertificate(CarolCertificate);
        DaveSmime = SmimeKeyMaterial.FromCertificate(DaveCertificate);
        AlicePfx = AliceCertificate.Export(X509ContentType.Pkcs12, PfxPassword);

        AlicePgpKey = PgpTestKeys.Generate($"Alice <{Alice}>", AlicePassphrase);
        BobPgpKey = PgpTestKeys.Generate($"Bob <{Bob}>", BobPassphrase);
        CarolPgpKey = PgpTestKeys.Generate($"Carol <{Carol}>", "carol-pass", PgpTestKeys.Kind.Ec);
        DavePgpKey = PgpTestKeys.Generate($"Dave <{Dave}>", "dave-pass", PgpTestKeys.Kind.Ec);

        AlicePgp = PgpKeyMaterial.FromArmoredSecretKey(AlicePgpKey.SecretArmor, AlicePassphrase);
        BobPgp = PgpKeyMaterial.FromArmoredSecretKey(BobPgpKey.SecretArmor, BobPassphrase);
        BobPgpPublic = PgpKeyMaterial.FromArmoredPublicKey(BobPgpKey.PublicArmor);
        CarolPgp = PgpKeyMaterial.FromArmoredSecretKey(CarolPgpKey.SecretArmor, CarolPgpKey.Passphrase);
        DavePgp = PgpKeyMaterial.FromArmoredSecretKey(DavePgpKey.SecretArmor, DavePgpKey.Passphrase);
    }

    public X509Certificate2 Authority { get; }

    public X509Certificate2 AliceCertificate { get; }

    public X509Certificate2 BobCertificate { get; }

    public X509Certificate2 CarolCertificate { get; }

    public X509Certificate2 DaveCertificate { get; }

    /// <summary>Alice's certificate as PKCS#12, protected by <see cref="PfxPassword"/>.</summary>
    public byte[] AlicePfx { get; }

    public SmimeKeyMaterial AliceSmime { get; }

    public SmimeKeyMaterial BobSmime { get; }

    public SmimeKeyMaterial BobSmimePublic { get; }

    public SmimeKeyMaterial CarolSmime { get; }

    public SmimeKeyMaterial DaveSmime { get; }

    public PgpTestKey AlicePgpKey { get; }

    public PgpTestKey BobPgpKey { get; }

    public PgpTestKey CarolPgpKey { get; }

    public PgpTestKey DavePgpKey { get; }

    public PgpKeyMaterial AlicePgp { get; }

    public PgpKeyMaterial BobPgp { get; }

    public PgpKeyMaterial BobPgpPublic { get; }

    public PgpKeyMaterial CarolPgp { get; }

    public PgpKeyMaterial DavePgp { get; }

    /// <summary>A multipart message from <paramref name="from"/> to <paramref name="to"/> with 8-bit text, an attachment and SES headers.</summary>
    public static MimeMessage Message(string from = Alice, string to = Bob, string? cc = null)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Sender", from));
        message.To.Add(new MailboxAddress("Recipient", to));
        if (cc is not null)
        {
            message.Cc.Add(MailboxAddress.Parse(cc));
        }

        message.Subject = "Quarterly figures";
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.com");
        message.Date = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
        message.Headers.Add("X-SES-CONFIGURATION-SET", "secure-set");
        message.Headers.Add("X-SES-MESSAGE-TAGS", "campaign=q1");
        var builder = new BodyBuilder
        {
            TextBody = BodyText,
        };
        builder.Attachments.Add("figures.csv", System.Text.Encoding.UTF8.GetBytes("quarter,revenue\nQ1,1000\n"), new ContentType("text", "csv"));
        message.Body = builder.ToMessageBody();
        return message;
    }

    /// <summary>The text of <see cref="Message"/>'s body: non-ASCII, a long line, a line starting with "From ".</summary>
    public const string BodyText = "Grüße aus Köln — the figures are attached.\nFrom here on, everything is confidential.\n"
        + "A long line that goes on and on so that a transport might be tempted to wrap it somewhere along the way, which would break a signature.\n";

    /// <summary>Reader options for Bob: his S/MIME and PGP keys, the test CA as trust anchor and Alice's public PGP key.</summary>
    public SecureMessageReaderOptions BobReaderOptions()
    {
        var options = new SecureMessageReaderOptions();
        options.SmimeKeys.Add(BobSmime);
        options.SmimeTrustAnchors.Add(Authority);
        options.PgpKeys.Add(BobPgp);
        options.PgpKeys.Add(PgpKeyMaterial.FromArmoredPublicKey(AlicePgpKey.PublicArmor));
        return options;
    }

    public void Dispose()
    {
        Authority.Dispose();
        AliceCertificate.Dispose();
        BobCertificate.Dispose();
        CarolCertificate.Dispose();
        DaveCertificate.Dispose();
    }
}
