using MimeKit;
using Ses.Transport.Internal;
using Ses.Transport.Security;

namespace Ses.Transport.Tests.Security;

[Collection(SecurityCollection.Name)]
public sealed class SecureMessageRoundTripTests(SecurityKeys keys)
{
    public static TheoryData<ProtectionScheme, MessageProtection, bool, SmimeSignatureFormat, SmimeMediaTypes> Modes()
    {
        var data = new TheoryData<ProtectionScheme, MessageProtection, bool, SmimeSignatureFormat, SmimeMediaTypes>();
        foreach (var protection in new[] { MessageProtection.Sign, MessageProtection.Encrypt, MessageProtection.SignAndEncrypt })
        {
            foreach (var format in new[] { SmimeSignatureFormat.Detached, SmimeSignatureFormat.Opaque })
            {
                foreach (var mediaTypes in new[] { SmimeMediaTypes.Standard, SmimeMediaTypes.Legacy })
                {
                    if (protection == MessageProtection.Encrypt && format == SmimeSignatureFormat.Opaque)
                    {
                        continue;
                    }

                    data.Add(ProtectionScheme.SMime, protection, false, format, mediaTypes);
                }
            }

            data.Add(ProtectionScheme.Pgp, protection, false, SmimeSignatureFormat.Detached, SmimeMediaTypes.Standard);
            data.Add(ProtectionScheme.Pgp, protection, true, SmimeSignatureFormat.Detached, SmimeMediaTypes.Standard);
        }

        // S/MIME with EC keys: ECDSA signatures (encryption to EC certificates is refused, see the error tests).
        data.Add(ProtectionScheme.SMime, MessageProtection.Sign, true, SmimeSignatureFormat.Detached, SmimeMediaTypes.Standard);
        data.Add(ProtectionScheme.SMime, MessageProtection.Sign, true, SmimeSignatureFormat.Opaque, SmimeMediaTypes.Standard);
        data.Add(ProtectionScheme.SMime, MessageProtection.SignAndEncrypt, true, SmimeSignatureFormat.Detached, SmimeMediaTypes.Standard);
        return data;
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ProtectAsync_EveryMode_ReaderRecoversContentAndTrustedSignature(
        ProtectionScheme scheme, MessageProtection protection, bool ec, SmimeSignatureFormat format, SmimeMediaTypes mediaTypes)
    {
        var (sender, recipient) = ec ? (SecurityKeys.Carol, scheme == ProtectionScheme.Pgp ? SecurityKeys.Dave : SecurityKeys.Bob) : (SecurityKeys.Alice, SecurityKeys.Bob);
        using var builder = new SecureMessageBuilder(BuilderOptions(ec, format, mediaTypes));
        using var reader = new SecureMessageReader(ReaderOptions());
        var original = SecurityKeys.Message(sender, recipient);

        var protectedMessage = await builder.ProtectAsync(original, scheme, protection, TestContext.Current.CancellationToken);
        var received = Reparse(protectedMessage);
        var result = await reader.ReadAsync(received, TestContext.Current.CancellationToken);

        Assert.Equal(SecurityKeys.BodyText, BodyTextOf(result.Content));
        Assert.Equal(protection.HasFlag(MessageProtection.Encrypt) ? scheme : null, result.EncryptionScheme);
        if (protection.HasFlag(MessageProtection.Sign))
        {
            var signature = Assert.Single(result.Signatures);
            Assert.Equal(SignatureStatus.Valid, signature.Status);
            Assert.True(signature.IsTrusted);
            Assert.True(signature.MatchesSender);
            Assert.Equal(sender, signature.SignerAddress);
            Assert.Equal(scheme, signature.Scheme);
        }
        else
        {
            Assert.Empty(result.Signatures);
        }
    }

    [Theory]
    [InlineData(ProtectionScheme.SMime)]
    [InlineData(ProtectionScheme.Pgp)]
    public async Task SignAsync_Always_KeepsOuterHeaders(ProtectionScheme scheme)
    {
        using var builder = new SecureMessageBuilder(BuilderOptions());
        var original = SecurityKeys.Message(cc: "carol@example.org");
        original.Bcc.Add(MailboxAddress.Parse("dave@example.org"));

        var result = Reparse(await builder.SignAsync(original, scheme, TestContext.Current.CancellationToken));

        Assert.Equal(original.From.ToString(), result.From.ToString());
        Assert.Equal(original.To.ToString(), result.To.ToString());
        Assert.Equal(original.Cc.ToString(), result.Cc.ToString());
        Assert.Equal(original.Bcc.ToString(), result.Bcc.ToString());
        Assert.Equal(original.Subject, result.Subject);
        Assert.Equal(original.Date, result.Date);
        Assert.Equal(original.MessageId, result.MessageId);
        Assert.Equal("secure-set", result.Headers["X-SES-CONFIGURATION-SET"]);
        Assert.Equal("campaign=q1", result.Headers["X-SES-MESSAGE-TAGS"]);
    }

    [Theory]
    [InlineData(ProtectionScheme.SMime)]
    [InlineData(ProtectionScheme.Pgp)]
    public async Task SignAsync_EightBitContent_SignedPartIsSevenBit(ProtectionScheme scheme)
    {
        using var builder = new SecureMessageBuilder(BuilderOptions());
        var original = SecurityKeys.Message();
        ((TextPart)original.BodyParts.First()).ContentTransferEncoding = ContentEncoding.EightBit;

        var signed = await builder.SignAsync(original, scheme, TestContext.Current.CancellationToken);
        var bytes = Serialize(signed);

        // Every byte is 7-bit and no line is longer than RFC 5322's 998 characters: no hop has a reason to re-encode.
        Assert.DoesNotContain(bytes, b => b >= 0x80);
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        Assert.All(text.Split("\r\n"), line => Assert.True(line.Length <= 998));
        Assert.DoesNotContain("Content-Transfer-Encoding: 8bit", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignAsync_Always_DoesNotLoseInputContent()
    {
        using var builder = new SecureMessageBuilder(BuilderOptions());
        var original = SecurityKeys.Message();

        await builder.SignAndEncryptAsync(original, ProtectionScheme.SMime, TestContext.Current.CancellationToken);

        Assert.Equal(SecurityKeys.BodyText, original.TextBody!.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Single(original.Attachments);
    }

    [Fact]
    public async Task ProtectAsync_ConcurrentCallers_AllResultsVerify()
    {
        using var builder = new SecureMessageBuilder(BuilderOptions());
        using var reader = new SecureMessageReader(ReaderOptions());

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            var scheme = i % 2 == 0 ? ProtectionScheme.SMime : ProtectionScheme.Pgp;
            var message = await builder.SignAndEncryptAsync(SecurityKeys.Message(), scheme, TestContext.Current.CancellationToken);
            return await reader.ReadAsync(Reparse(message), TestContext.Current.CancellationToken);
        }));

        Assert.All(results, r => Assert.True(r.IsTrusted));
    }

    [Theory]
    [InlineData(ProtectionScheme.SMime, "application/pkcs7-mime", "certs-only")]
    [InlineData(ProtectionScheme.Pgp, "application/pgp-keys", null)]
    public async Task ProtectAsync_SignAndAttachPublicKey_KeyTravelsInsideSignedContent(ProtectionScheme scheme, string mimeType, string? smimeType)
    {
        using var builder = new SecureMessageBuilder(BuilderOptions());
        using var reader = new SecureMessageReader(ReaderOptions());

        var message = await builder.ProtectAsync(
            SecurityKeys.Message(), scheme, MessageProtection.Sign | MessageProtection.AttachPublicKey, TestContext.Current.CancellationToken);
        var result = await reader.ReadAsync(Reparse(message), TestContext.Current.CancellationToken);

        Assert.True(result.IsTrusted);
        var mixed = Assert.IsType<Multipart>(result.Content, exactMatch: false);
        var keyPart = mixed[^1];
        Assert.Equal(mimeType, keyPart.ContentType.MimeType);
        Assert.Equal(smimeType, keyPart.ContentType.Parameters["smime-type"]);
    }

    [Fact]
    public async Task AttachPublicKey_Pgp_PartHoldsSendersPublicKeyOnly()
    {
        using var builder = new SecureMessageBuilder(BuilderOptions());

        var message = await builder.ProtectAsync(SecurityKeys.Message(), ProtectionScheme.Pgp, MessageProtection.AttachPublicKey, TestContext.Current.CancellationToken);

        var keyPart = Assert.IsType<MimePart>(((Multipart)message.Body!)[^1], exactMatch: false);
        using var content = new MemoryStream();
        await keyPart.Content!.DecodeToAsync(content, TestContext.Current.CancellationToken);
        var armor = System.Text.Encoding.ASCII.GetString(content.ToArray());
        Assert.Contains("BEGIN PGP PUBLIC KEY BLOCK", armor, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", armor, StringComparison.Ordinal);
        var attached = PgpKeyMaterial.FromArmoredPublicKey(armor);
        Assert.Equal(keys.AlicePgp.Fingerprints, attached.Fingerprints);
    }

    internal static byte[] Serialize(MimeMessage message)
    {
        using var buffer = new MemoryStream();
        message.WriteTo(TransportFormat.Options, buffer);
        return buffer.ToArray();
    }

    internal static MimeMessage Reparse(MimeMessage message) => MimeMessage.Load(new MemoryStream(Serialize(message)));

    internal static string BodyTextOf(MimeEntity content)
    {
        var text = content switch
        {
            TextPart part => part,
            Multipart multipart => multipart.OfType<TextPart>().First(),
            _ => throw new InvalidOperationException("Unexpected content " + content.ContentType.MimeType),
        };
        return text.Text.Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private SecureMessageBuilderOptions BuilderOptions(bool ec = false, SmimeSignatureFormat format = SmimeSignatureFormat.Detached, SmimeMediaTypes mediaTypes = SmimeMediaTypes.Standard)
    {
        var options = new SecureMessageBuilderOptions
        {
            SmimeSigner = ec ? keys.CarolSmime : keys.AliceSmime,
            PgpSigner = ec ? keys.CarolPgp : keys.AlicePgp,
            SmimeSignatureFormat = format,
            SmimeMediaTypes = mediaTypes,
        };
        options.SmimeRecipients.Add(keys.BobSmimePublic);
        options.PgpRecipients.Add(keys.BobPgpPublic);
        options.PgpRecipients.Add(PgpKeyMaterial.FromArmoredPublicKey(keys.DavePgpKey.PublicArmor));
        return options;
    }

    private SecureMessageReaderOptions ReaderOptions()
    {
        var options = keys.BobReaderOptions();
        options.PgpKeys.Add(keys.DavePgp);
        options.PgpKeys.Add(PgpKeyMaterial.FromArmoredPublicKey(keys.CarolPgpKey.PublicArmor));
        return options;
    }
}
