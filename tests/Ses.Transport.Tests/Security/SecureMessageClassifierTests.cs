using System.Text;
using MimeKit;
using Ses.Transport.Security;

namespace Ses.Transport.Tests.Security;

[Collection(SecurityCollection.Name)]
public sealed class SecureMessageClassifierTests(SecurityKeys keys)
{
    private const string Headers = "From: a@example.com\r\nTo: b@example.net\r\nSubject: s\r\nMIME-Version: 1.0\r\n";

    public static TheoryData<string, ProtectionScheme?, ProtectionScheme?, bool> MediaTypes() => new()
    {
        // multipart/signed, S/MIME, standard and legacy protocol names
        { Signed("application/pkcs7-signature"), ProtectionScheme.SMime, null, false },
        { Signed("application/x-pkcs7-signature"), ProtectionScheme.SMime, null, false },

        // application/pkcs7-mime and application/x-pkcs7-mime, enveloped and opaque signed
        { Pkcs7("pkcs7-mime", "enveloped-data"), null, ProtectionScheme.SMime, false },
        { Pkcs7("x-pkcs7-mime", "enveloped-data"), null, ProtectionScheme.SMime, false },
        { Pkcs7("pkcs7-mime", "authEnveloped-data"), null, ProtectionScheme.SMime, false },
        { Pkcs7("pkcs7-mime", "signed-data"), ProtectionScheme.SMime, null, false },
        { Pkcs7("x-pkcs7-mime", "signed-data"), ProtectionScheme.SMime, null, false },
        { Pkcs7("pkcs7-mime", "certs-only"), null, null, true },

        // PGP/MIME (RFC 3156): application/pgp-encrypted, application/pgp-signature, application/pgp-keys
        { PgpEncrypted(), null, ProtectionScheme.Pgp, false },
        { Signed("application/pgp-signature"), ProtectionScheme.Pgp, null, false },
        { PgpKeysAttached(), null, null, true },
        { SignedWithKey(), ProtectionScheme.Pgp, null, true },

        // plain mail
        { Headers + "Content-Type: text/plain\r\n\r\nhello\r\n", null, null, false },
        { Mixed("text/csv", "a,b"), null, null, false },
        { Headers + "Content-Type: multipart/signed; boundary=x; protocol=\"application/unknown\"\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n--x\r\nContent-Type: application/unknown\r\n\r\nsig\r\n--x--\r\n", null, null, false },
    };

    [Theory]
    [MemberData(nameof(MediaTypes))]
    public void Classify_MediaType_ReportsSignatureEncryptionAndKey(string raw, ProtectionScheme? signature, ProtectionScheme? encryption, bool hasKey)
    {
        var message = MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(raw)));

        var info = SecureMessageClassifier.Classify(message);

        Assert.Equal(signature, info.SignatureScheme);
        Assert.Equal(encryption, info.EncryptionScheme);
        Assert.Equal(hasKey, info.HasAttachedPublicKey);
        Assert.Equal(signature is not null || encryption is not null, info.IsProtected);
    }

    public static TheoryData<ProtectionScheme, MessageProtection, SmimeSignatureFormat, SmimeMediaTypes, ProtectionScheme?, ProtectionScheme?, bool> BuilderOutputs() => new()
    {
        { ProtectionScheme.SMime, MessageProtection.Sign, SmimeSignatureFormat.Detached, SmimeMediaTypes.Standard, ProtectionScheme.SMime, null, false },
        { ProtectionScheme.SMime, MessageProtection.Sign, SmimeSignatureFormat.Detached, SmimeMediaTypes.Legacy, ProtectionScheme.SMime, null, false },
        { ProtectionScheme.SMime, MessageProtection.Sign, SmimeSignatureFormat.Opaque, SmimeMediaTypes.Standard, ProtectionScheme.SMime, null, false },
        { ProtectionScheme.SMime, MessageProtection.Sign | MessageProtection.AttachPublicKey, SmimeSignatureFormat.Detached, SmimeMediaTypes.Standard, ProtectionScheme.SMime, null, true },
        { ProtectionScheme.SMime, MessageProtection.Encrypt, SmimeSignatureFormat.Detached, SmimeMediaTypes.Legacy, null, ProtectionScheme.SMime, false },
        { ProtectionScheme.SMime, MessageProtection.SignAndEncrypt, SmimeSignatureFormat.Detached, SmimeMediaTypes.Standard, null, ProtectionScheme.SMime, false },
        { ProtectionScheme.Pgp, MessageProtection.Sign, SmimeSignatureFormat.Detached, SmimeMediaTypes.Standard, ProtectionScheme.Pgp, null, false },
        { ProtectionScheme.Pgp, MessageProtection.Sign | MessageProtection.AttachPublicKey, SmimeSignatureFormat.Detached, SmimeMediaTypes.Standard, ProtectionScheme.Pgp, null, true },
        { ProtectionScheme.Pgp, MessageProtection.AttachPublicKey, SmimeSignatureFormat.Detached, SmimeMediaTypes.Standard, null, null, true },
        { ProtectionScheme.Pgp, MessageProtection.Encrypt, SmimeSignatureFormat.Detached, SmimeMediaTypes.Standard, null, ProtectionScheme.Pgp, false },
        { ProtectionScheme.Pgp, MessageProtection.SignAndEncrypt, SmimeSignatureFormat.Detached, SmimeMediaTypes.Standard, null, ProtectionScheme.Pgp, false },
    };

    [Theory]
    [MemberData(nameof(BuilderOutputs))]
    public async Task Classify_BuilderOutput_MatchesWhatWasDone(
        ProtectionScheme scheme,
        MessageProtection protection,
        SmimeSignatureFormat format,
        SmimeMediaTypes mediaTypes,
        ProtectionScheme? signature,
        ProtectionScheme? encryption,
        bool hasKey)
    {
        var options = new SecureMessageBuilderOptions
        {
            SmimeSigner = keys.AliceSmime,
            PgpSigner = keys.AlicePgp,
            SmimeSignatureFormat = format,
            SmimeMediaTypes = mediaTypes,
        };
        options.SmimeRecipients.Add(keys.BobSmimePublic);
        options.PgpRecipients.Add(keys.BobPgpPublic);
        using var builder = new SecureMessageBuilder(options);
        var message = await builder.ProtectAsync(SecurityKeys.Message(), scheme, protection, TestContext.Current.CancellationToken);

        var inMemory = SecureMessageClassifier.Classify(message);
        var received = SecureMessageClassifier.Classify(SecureMessageRoundTripTests.Reparse(message));

        Assert.Equal(new MessageProtectionInfo(signature, encryption, hasKey), inMemory);
        Assert.Equal(inMemory, received);
    }

    [Theory]
    [InlineData(MessageProtection.Encrypt, null, ProtectionScheme.SMime)]
    [InlineData(MessageProtection.Sign, ProtectionScheme.SMime, null)]
    public async Task Classify_Pkcs7MimeWithoutSmimeType_ReadsCmsContentType(MessageProtection protection, ProtectionScheme? signature, ProtectionScheme? encryption)
    {
        var options = new SecureMessageBuilderOptions { SmimeSigner = keys.AliceSmime, SmimeSignatureFormat = SmimeSignatureFormat.Opaque };
        options.SmimeRecipients.Add(keys.BobSmimePublic);
        using var builder = new SecureMessageBuilder(options);
        var message = await builder.ProtectAsync(SecurityKeys.Message(), ProtectionScheme.SMime, protection, TestContext.Current.CancellationToken);
        message.Body!.ContentType.Parameters.Remove("smime-type");

        var info = SecureMessageClassifier.Classify(SecureMessageRoundTripTests.Reparse(message));

        Assert.Equal(signature, info.SignatureScheme);
        Assert.Equal(encryption, info.EncryptionScheme);
    }

    [Fact]
    public void Classify_NoBody_Unprotected()
    {
        var info = SecureMessageClassifier.Classify(new MimeMessage());

        Assert.Equal(MessageProtectionInfo.Unprotected, info);
        Assert.Null(info.Scheme);
    }

    private static string Signed(string protocol) =>
        Headers + $"Content-Type: multipart/signed; boundary=\"b1\"; protocol=\"{protocol}\"; micalg=sha-256\r\n\r\n"
        + "--b1\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
        + $"--b1\r\nContent-Type: {protocol}\r\nContent-Transfer-Encoding: base64\r\n\r\nAAAA\r\n--b1--\r\n";

    private static string Pkcs7(string subtype, string smimeType) =>
        Headers + $"Content-Type: application/{subtype}; smime-type={smimeType}; name=smime.p7m\r\nContent-Transfer-Encoding: base64\r\n\r\nAAAA\r\n";

    private static string PgpEncrypted() =>
        Headers + "Content-Type: multipart/encrypted; boundary=\"b2\"; protocol=\"application/pgp-encrypted\"\r\n\r\n"
        + "--b2\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n"
        + "--b2\r\nContent-Type: application/octet-stream\r\n\r\n-----BEGIN PGP MESSAGE-----\r\n\r\nAAAA\r\n-----END PGP MESSAGE-----\r\n--b2--\r\n";

    private static string PgpKeysAttached() => Mixed("application/pgp-keys", "-----BEGIN PGP PUBLIC KEY BLOCK-----\r\n\r\nAAAA\r\n-----END PGP PUBLIC KEY BLOCK-----");

    private static string SignedWithKey() =>
        Headers + "Content-Type: multipart/signed; boundary=\"b4\"; protocol=\"application/pgp-signature\"; micalg=pgp-sha256\r\n\r\n"
        + "--b4\r\nContent-Type: multipart/mixed; boundary=\"b5\"\r\n\r\n"
        + "--b5\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b5\r\nContent-Type: application/pgp-keys\r\n\r\nkey\r\n--b5--\r\n"
        + "--b4\r\nContent-Type: application/pgp-signature\r\n\r\nsig\r\n--b4--\r\n";

    private static string Mixed(string attachmentType, string attachment) =>
        Headers + "Content-Type: multipart/mixed; boundary=\"b3\"\r\n\r\n"
        + "--b3\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
        + $"--b3\r\nContent-Type: {attachmentType}\r\nContent-Disposition: attachment\r\n\r\n{attachment}\r\n--b3--\r\n";
}
