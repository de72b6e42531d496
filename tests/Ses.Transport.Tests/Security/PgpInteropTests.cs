using System.Text;
using MimeKit;
using MimeKit.Cryptography;
using Ses.Transport.Security;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Tests.Security;

/// <summary>
/// Interop with GnuPG: gpg verifies and decrypts the builder's PGP/MIME output (signature verified, plaintext equal),
/// and the reader opens PGP/MIME messages assembled around gpg's own signatures and encryption.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class PgpInteropTests(SecurityKeys keys, GnuPG gpg) : IClassFixture<GnuPG>, IDisposable
{
    private const string GpgHint = "gpg (apt-get install gnupg)";
    private const string GpgText = "Sent by gpg.\r\nZweite Zeile: Grüße.";
    private readonly TempDirectory _dir = new();

    public enum Signer
    {
        AliceBouncyCastleRsa,
        CarolBouncyCastleEc,
        GinaMadeByGpg,
    }

    public enum Recipient
    {
        GinaMadeByGpg,
        DaveBouncyCastleEc,
    }

    [Theory]
    [InlineData(Signer.AliceBouncyCastleRsa)]
    [InlineData(Signer.CarolBouncyCastleEc)]
    [InlineData(Signer.GinaMadeByGpg)]
    public async Task GpgVerify_BuilderSignature_GoodSignature(Signer signer)
    {
        Peer.Require(GnuPG.Installed, GpgHint);
        var (material, from) = await SignerAsync(signer);
        using var builder = new SecureMessageBuilder(new SecureMessageBuilderOptions { PgpSigner = material });
        var signed = SecureMessageRoundTripTests.Serialize(await builder.SignAsync(SecurityKeys.Message(from: from), ProtectionScheme.Pgp, TestContext.Current.CancellationToken));
        var (content, signature) = SplitSigned(signed);

        var run = await gpg.RunAsync(null, "--verify", _dir.Write("signature.asc", signature), _dir.Write("content.eml", content));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("[GNUPG:] GOODSIG", run.Error, StringComparison.Ordinal);
        Assert.Contains("[GNUPG:] VALIDSIG " + material.Fingerprints[0], run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Recipient.GinaMadeByGpg)]
    [InlineData(Recipient.DaveBouncyCastleEc)]
    public async Task GpgDecrypt_BuilderEncryptedMessage_PlaintextEqual(Recipient recipient)
    {
        Peer.Require(GnuPG.Installed, GpgHint);
        var (material, to) = await RecipientAsync(recipient);
        var options = new SecureMessageBuilderOptions();
        options.PgpRecipients.Add(material);
        using var builder = new SecureMessageBuilder(options);
        var encrypted = SecureMessageRoundTripTests.Serialize(await builder.EncryptAsync(SecurityKeys.Message(to: to), ProtectionScheme.Pgp, TestContext.Current.CancellationToken));

        var run = await gpg.RunAsync(null, "--pinentry-mode", "loopback", "--passphrase", PassphraseOf(recipient), "--decrypt", _dir.Write("message.eml", encrypted));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("[GNUPG:] DECRYPTION_OKAY", run.Error, StringComparison.Ordinal);
        Assert.Contains("[GNUPG:] DECRYPTION_INFO", run.Error, StringComparison.Ordinal);
        Assert.Equal(SecurityKeys.BodyText, SecureMessageRoundTripTests.BodyTextOf(MimeEntity.Load(new MemoryStream(run.Output))));
    }

    [Fact]
    public async Task GpgDecrypt_BuilderSignedAndEncryptedMessage_GoodSignatureAndPlaintextEqual()
    {
        Peer.Require(GnuPG.Installed, GpgHint);
        await gpg.ImportAsync(keys.AlicePgpKey.PublicArmor);
        var options = new SecureMessageBuilderOptions { PgpSigner = keys.AlicePgp };
        options.PgpRecipients.Add(PgpKeyMaterial.FromArmoredPublicKey(gpg.GinaPublicArmor));
        using var builder = new SecureMessageBuilder(options);
        var message = await builder.SignAndEncryptAsync(SecurityKeys.Message(to: GnuPG.Gina), ProtectionScheme.Pgp, TestContext.Current.CancellationToken);

        var run = await gpg.RunAsync(null, "--pinentry-mode", "loopback", "--passphrase", GnuPG.GinaPassphrase, "--decrypt", _dir.Write("message.eml", SecureMessageRoundTripTests.Serialize(message)));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("[GNUPG:] GOODSIG", run.Error, StringComparison.Ordinal);
        Assert.Contains("[GNUPG:] VALIDSIG " + keys.AlicePgpKey.Fingerprint, run.Error, StringComparison.Ordinal);
        Assert.Equal(SecurityKeys.BodyText, SecureMessageRoundTripTests.BodyTextOf(MimeEntity.Load(new MemoryStream(run.Output))));
    }

    [Fact]
    public async Task GpgAes256_BuilderEncryptedMessage_UsesAes256()
    {
        Peer.Require(GnuPG.Installed, GpgHint);
        var options = new SecureMessageBuilderOptions();
        options.PgpRecipients.Add(PgpKeyMaterial.FromArmoredPublicKey(gpg.GinaPublicArmor));
        using var builder = new SecureMessageBuilder(options);
        var message = await builder.EncryptAsync(SecurityKeys.Message(to: GnuPG.Gina), ProtectionScheme.Pgp, TestContext.Current.CancellationToken);

        var run = await gpg.RunAsync(null, "--pinentry-mode", "loopback", "--passphrase", GnuPG.GinaPassphrase, "--decrypt", _dir.Write("message.eml", SecureMessageRoundTripTests.Serialize(message)));

        // RFC 4880 §9.2: symmetric algorithm 9 is AES-256 (DECRYPTION_INFO <mdc_method> <sym_algo>).
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches(@"\[GNUPG:\] DECRYPTION_INFO \d+ 9", run.Error);
    }

    [Fact]
    public async Task Reader_GpgDetachedSignature_ValidAndTrusted()
    {
        Peer.Require(GnuPG.Installed, GpgHint);
        var content = Encoding.UTF8.GetBytes("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + GpgText);
        var run = await gpg.RunAsync(
            null, "--pinentry-mode", "loopback", "--passphrase", GnuPG.GinaPassphrase, "--local-user", GnuPG.Gina,
            "--digest-algo", "SHA256", "--armor", "--output", "-", "--detach-sign", _dir.Write("content.eml", content));
        Assert.True(run.ExitCode == 0, run.Error);
        var message = Assemble(
            "multipart/signed; boundary=\"gpg-signed\"; protocol=\"application/pgp-signature\"; micalg=pgp-sha256",
            [content, Encoding.ASCII.GetBytes("Content-Type: application/pgp-signature; name=\"signature.asc\"\r\n\r\n"), run.Output],
            "gpg-signed");
        using var reader = Reader(PgpKeyMaterial.FromArmoredPublicKey(gpg.GinaPublicArmor));

        var result = await reader.ReadAsync(message, TestContext.Current.CancellationToken);

        var signature = Assert.Single(result.Signatures);
        Assert.Equal(SignatureStatus.Valid, signature.Status);
        Assert.True(signature.IsTrusted);
        Assert.Equal(GnuPG.Gina, signature.SignerAddress);
        Assert.Equal(Lf(GpgText), Lf(((TextPart)result.Content).Text));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reader_GpgEncryptedMessage_Decrypts(bool signedToo)
    {
        Peer.Require(GnuPG.Installed, GpgHint);
        await gpg.ImportAsync(keys.AlicePgpKey.PublicArmor);
        var content = Encoding.UTF8.GetBytes("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + GpgText);
        string[] sign = signedToo ? ["--pinentry-mode", "loopback", "--passphrase", GnuPG.GinaPassphrase, "--local-user", GnuPG.Gina, "--sign"] : [];
        var run = await gpg.RunAsync(null, [.. sign, "--recipient", SecurityKeys.Alice, "--armor", "--output", "-", "--encrypt", _dir.Write("content.eml", content)]);
        Assert.True(run.ExitCode == 0, run.Error);

        // RFC 3156 §4: a control part (application/pgp-encrypted, "Version: 1") and the OpenPGP message.
        var message = Assemble(
            "multipart/encrypted; boundary=\"gpg-encrypted\"; protocol=\"application/pgp-encrypted\"",
            [
                Encoding.ASCII.GetBytes("Content-Type: application/pgp-encrypted\r\n\r\nVersion: 1"),
                [.. Encoding.ASCII.GetBytes("Content-Type: application/octet-stream; name=\"encrypted.asc\"\r\n\r\n"), .. run.Output],
            ],
            "gpg-encrypted");
        using var reader = Reader(keys.AlicePgp, PgpKeyMaterial.FromArmoredPublicKey(gpg.GinaPublicArmor));

        var result = await reader.ReadAsync(message, TestContext.Current.CancellationToken);

        Assert.Equal(ProtectionScheme.Pgp, result.EncryptionScheme);
        Assert.Equal(Lf(GpgText), Lf(((TextPart)result.Content).Text));
        if (signedToo)
        {
            var signature = Assert.Single(result.Signatures);
            Assert.True(signature.IsTrusted);
            Assert.Equal(GnuPG.Gina, signature.SignerAddress);
        }
        else
        {
            Assert.Empty(result.Signatures);
        }
    }

    [Fact]
    public void FromArmoredSecretKey_GpgExportWrongPassphrase_ThrowsWrongPassphrase()
    {
        Peer.Require(GnuPG.Installed, GpgHint);

        var ex = Assert.Throws<SecureMessageException>(() => PgpKeyMaterial.FromArmoredSecretKey(gpg.GinaSecretArmor, "wrong"));

        Assert.Equal(SecureMessageFailure.WrongPassphrase, ex.Failure);
        SecretAssert.NoSecret(ex.ToString(), keys, GnuPG.GinaPassphrase, gpg.GinaSecretArmor);
    }

    public void Dispose() => _dir.Dispose();

    private static string Lf(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    // RFC 3156 §5: the signed data is the first part exactly as sent, up to (not including) the CRLF before the
    // next boundary; the second part carries the detached signature.
    private static (byte[] Content, byte[] Signature) SplitSigned(byte[] message)
    {
        var parsed = MimeMessage.Load(new MemoryStream(message));
        var signed = Assert.IsType<MultipartSigned>(parsed.Body);
        var text = Encoding.Latin1.GetString(message);
        var delimiter = "\r\n--" + signed.Boundary;
        var first = text.IndexOf(delimiter, StringComparison.Ordinal) + delimiter.Length + 2;
        var end = text.IndexOf(delimiter, first, StringComparison.Ordinal);
        using var signature = new MemoryStream();
        ((MimePart)signed[1]).Content!.DecodeTo(signature);
        return (Encoding.Latin1.GetBytes(text[first..end]), signature.ToArray());
    }

    private static MimeMessage Assemble(string contentType, byte[][] parts, string boundary)
    {
        using var buffer = new MemoryStream();
        void Write(string s) => buffer.Write(Encoding.ASCII.GetBytes(s));
        Write($"From: Gina <{GnuPG.Gina}>\r\nTo: Alice <{SecurityKeys.Alice}>\r\nSubject: From gpg\r\nMIME-Version: 1.0\r\nContent-Type: {contentType}\r\n\r\n");
        for (var i = 0; i < parts.Length; i++)
        {
            // A part that is a header block alone is joined with the next one (the signature after its headers).
            if (i + 1 < parts.Length && Encoding.ASCII.GetString(parts[i]).EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                Write($"--{boundary}\r\n");
                buffer.Write(parts[i]);
                buffer.Write(parts[++i]);
                Write("\r\n");
                continue;
            }

            Write($"--{boundary}\r\n");
            buffer.Write(parts[i]);
            Write("\r\n");
        }

        Write($"--{boundary}--\r\n");
        return MimeMessage.Load(new MemoryStream(buffer.ToArray()));
    }

    private static SecureMessageReader Reader(params PgpKeyMaterial[] materials)
    {
        var options = new SecureMessageReaderOptions();
        foreach (var material in materials)
        {
            options.PgpKeys.Add(material);
        }

        return new SecureMessageReader(options);
    }

    private async Task<(PgpKeyMaterial Material, string From)> SignerAsync(Signer signer)
    {
        switch (signer)
        {
            case Signer.AliceBouncyCastleRsa:
                await gpg.ImportAsync(keys.AlicePgpKey.PublicArmor);
                return (keys.AlicePgp, SecurityKeys.Alice);
            case Signer.CarolBouncyCastleEc:
                await gpg.ImportAsync(keys.CarolPgpKey.PublicArmor);
                return (keys.CarolPgp, SecurityKeys.Carol);
            default:
                return (PgpKeyMaterial.FromArmoredSecretKey(gpg.GinaSecretArmor, GnuPG.GinaPassphrase), GnuPG.Gina);
        }
    }

    private async Task<(PgpKeyMaterial Material, string To)> RecipientAsync(Recipient recipient)
    {
        if (recipient == Recipient.GinaMadeByGpg)
        {
            return (PgpKeyMaterial.FromArmoredPublicKey(gpg.GinaPublicArmor), GnuPG.Gina);
        }

        await gpg.ImportAsync(keys.DavePgpKey.SecretArmor, keys.DavePgpKey.Passphrase);
        return (PgpKeyMaterial.FromArmoredPublicKey(keys.DavePgpKey.PublicArmor), SecurityKeys.Dave);
    }

    private string PassphraseOf(Recipient recipient) => recipient == Recipient.GinaMadeByGpg ? GnuPG.GinaPassphrase : keys.DavePgpKey.Passphrase;
}
