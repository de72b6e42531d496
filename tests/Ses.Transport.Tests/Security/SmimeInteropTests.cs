using System.Text;
using MimeKit;
using Ses.Transport.Security;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Tests.Security;

/// <summary>Interop with OpenSSL's <c>cms</c> command: it verifies and decrypts what the builder writes, and the reader opens what it writes.</summary>
[Collection(SecurityCollection.Name)]
public sealed class SmimeInteropTests(SecurityKeys keys) : IDisposable
{
    private const string OpenSslHint = "openssl (apt-get install openssl)";
    private const string OpenSslText = "Sent by openssl.\r\nSecond line — with a dash.\r\n";
    private readonly TempDirectory _dir = new();

    [Theory]
    [InlineData(SmimeSignatureFormat.Detached, SmimeMediaTypes.Standard, false)]
    [InlineData(SmimeSignatureFormat.Detached, SmimeMediaTypes.Legacy, false)]
    [InlineData(SmimeSignatureFormat.Opaque, SmimeMediaTypes.Standard, false)]
    [InlineData(SmimeSignatureFormat.Opaque, SmimeMediaTypes.Legacy, false)]
    [InlineData(SmimeSignatureFormat.Detached, SmimeMediaTypes.Standard, true)]
    [InlineData(SmimeSignatureFormat.Opaque, SmimeMediaTypes.Standard, true)]
    public async Task OpenSslCmsVerify_BuilderSignature_VerifiesAndYieldsContent(SmimeSignatureFormat format, SmimeMediaTypes mediaTypes, bool ec)
    {
        Peer.Require(Peer.OnPath("openssl"), OpenSslHint);
        using var builder = Builder(format, mediaTypes, ec);
        var message = await builder.SignAsync(SecurityKeys.Message(from: ec ? SecurityKeys.Carol : SecurityKeys.Alice), ProtectionScheme.SMime, TestContext.Current.CancellationToken);
        var eml = _dir.Write("signed.eml", SecureMessageRoundTripTests.Serialize(message));

        var run = await OpenSsl("cms", "-verify", "-in", eml, "-CAfile", CaFile());

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Verification successful", run.Error, StringComparison.Ordinal);
        Assert.Equal(SecurityKeys.BodyText, SecureMessageRoundTripTests.BodyTextOf(MimeEntity.Load(new MemoryStream(run.Output))));
    }

    [Theory]
    [InlineData(SmimeMediaTypes.Standard)]
    [InlineData(SmimeMediaTypes.Legacy)]
    public async Task OpenSslCmsDecrypt_BuilderEnvelope_RecoversContent(SmimeMediaTypes mediaTypes)
    {
        Peer.Require(Peer.OnPath("openssl"), OpenSslHint);
        using var builder = Builder(SmimeSignatureFormat.Detached, mediaTypes);
        var message = await builder.EncryptAsync(SecurityKeys.Message(), ProtectionScheme.SMime, TestContext.Current.CancellationToken);
        var eml = _dir.Write("encrypted.eml", SecureMessageRoundTripTests.Serialize(message));

        var run = await OpenSsl("cms", "-decrypt", "-in", eml, "-inkey", BobKey(), "-recip", BobCertificate());

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(SecurityKeys.BodyText, SecureMessageRoundTripTests.BodyTextOf(MimeEntity.Load(new MemoryStream(run.Output))));
    }

    [Fact]
    public async Task OpenSslCmsPrint_BuilderEnvelope_UsesAes256Cbc()
    {
        Peer.Require(Peer.OnPath("openssl"), OpenSslHint);
        using var builder = Builder(SmimeSignatureFormat.Detached, SmimeMediaTypes.Standard);
        var message = await builder.EncryptAsync(SecurityKeys.Message(), ProtectionScheme.SMime, TestContext.Current.CancellationToken);
        var eml = _dir.Write("encrypted.eml", SecureMessageRoundTripTests.Serialize(message));

        var run = await OpenSsl("cms", "-cmsout", "-print", "-in", eml);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("aes-256-cbc", run.OutputText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SmimeSignatureFormat.Detached, SmimeMediaTypes.Standard)]
    [InlineData(SmimeSignatureFormat.Opaque, SmimeMediaTypes.Legacy)]
    public async Task OpenSslCmsDecryptThenVerify_BuilderSignAndEncrypt_BothSucceed(SmimeSignatureFormat format, SmimeMediaTypes mediaTypes)
    {
        Peer.Require(Peer.OnPath("openssl"), OpenSslHint);
        using var builder = Builder(format, mediaTypes);
        var message = await builder.SignAndEncryptAsync(SecurityKeys.Message(), ProtectionScheme.SMime, TestContext.Current.CancellationToken);
        var eml = _dir.Write("both.eml", SecureMessageRoundTripTests.Serialize(message));

        var decrypted = await OpenSsl("cms", "-decrypt", "-in", eml, "-inkey", BobKey(), "-recip", BobCertificate(), "-out", _dir.File("inner.eml"));
        Assert.True(decrypted.ExitCode == 0, decrypted.Error);
        var verified = await OpenSsl("cms", "-verify", "-in", _dir.File("inner.eml"), "-CAfile", CaFile());

        Assert.True(verified.ExitCode == 0, verified.Error);
        Assert.Contains("Verification successful", verified.Error, StringComparison.Ordinal);
        Assert.Equal(SecurityKeys.BodyText, SecureMessageRoundTripTests.BodyTextOf(MimeEntity.Load(new MemoryStream(verified.Output))));
    }

    // "openssl cms" writes application/pkcs7-*, "openssl smime" the legacy application/x-pkcs7-* types.
    [Theory]
    [InlineData("cms", false, false)]
    [InlineData("cms", true, false)]
    [InlineData("smime", false, false)]
    [InlineData("smime", true, false)]
    [InlineData("cms", false, true)]
    [InlineData("cms", true, true)]
    public async Task Reader_OpenSslSign_VerifiesAndTrustsSigner(string command, bool opaque, bool ec)
    {
        Peer.Require(Peer.OnPath("openssl"), OpenSslHint);
        var signer = ec ? keys.CarolCertificate : keys.AliceCertificate;
        var from = ec ? SecurityKeys.Carol : SecurityKeys.Alice;
        var content = _dir.Write("content.txt", Encoding.UTF8.GetBytes("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + OpenSslText));
        var arguments = new List<string>
        {
            command, "-sign", "-in", content, "-signer", Write("signer.crt", signer.ExportCertificatePem()),
            "-inkey", Write("signer.key", SmimeTestCertificates.PrivateKeyPem(signer)), "-md", "sha256",
            "-from", from, "-to", SecurityKeys.Bob, "-subject", "From openssl",
        };
        if (opaque)
        {
            arguments.Add("-nodetach");
        }

        var run = await OpenSsl([.. arguments]);
        Assert.True(run.ExitCode == 0, run.Error);
        var message = MimeMessage.Load(new MemoryStream(run.Output));
        var info = SecureMessageClassifier.Classify(message);
        Assert.Equal(command == "smime", run.OutputText.Contains("application/x-pkcs7-", StringComparison.Ordinal));
        using var reader = Reader();

        var result = await reader.ReadAsync(message, TestContext.Current.CancellationToken);

        Assert.Equal(ProtectionScheme.SMime, info.SignatureScheme);
        var signature = Assert.Single(result.Signatures);
        Assert.Equal(SignatureStatus.Valid, signature.Status);
        Assert.True(signature.IsTrusted);
        Assert.True(signature.MatchesSender);
        Assert.Equal(Lf(OpenSslText), Lf(((TextPart)result.Content).Text));
    }

    [Theory]
    [InlineData("cms")]
    [InlineData("smime")]
    public async Task Reader_OpenSslEncrypt_DecryptsContent(string command)
    {
        Peer.Require(Peer.OnPath("openssl"), OpenSslHint);
        var content = _dir.Write("content.txt", Encoding.UTF8.GetBytes("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + OpenSslText));
        var arguments = new List<string>
        {
            command, "-encrypt", "-aes256", "-in", content, "-from", SecurityKeys.Alice, "-to", SecurityKeys.Bob, "-subject", "From openssl",
        };
        arguments.Add(BobCertificate());
        var run = await OpenSsl([.. arguments]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(command == "smime", run.OutputText.Contains("application/x-pkcs7-mime", StringComparison.Ordinal));
        var message = MimeMessage.Load(new MemoryStream(run.Output));
        using var reader = Reader();

        var result = await reader.ReadAsync(message, TestContext.Current.CancellationToken);

        Assert.Equal(ProtectionScheme.SMime, result.EncryptionScheme);
        Assert.Equal(Lf(OpenSslText), Lf(((TextPart)result.Content).Text));
    }

    public void Dispose() => _dir.Dispose();

    private static string Lf(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private Task<ToolRun> OpenSsl(params string[] arguments) => ToolRun.RunAsync("openssl", arguments, _dir.Path);

    private string Write(string name, string text) => _dir.Write(name, text);

    private string CaFile() => Write("ca.pem", keys.Authority.ExportCertificatePem());

    private string BobCertificate() => Write("bob.crt", keys.BobCertificate.ExportCertificatePem());

    private string BobKey() => Write("bob.key", SmimeTestCertificates.PrivateKeyPem(keys.BobCertificate));

    private SecureMessageBuilder Builder(SmimeSignatureFormat format, SmimeMediaTypes mediaTypes, bool ec = false)
    {
        var options = new SecureMessageBuilderOptions
        {
            SmimeSigner = ec ? keys.CarolSmime : keys.AliceSmime,
            SmimeSignatureFormat = format,
            SmimeMediaTypes = mediaTypes,
        };
        options.SmimeRecipients.Add(keys.BobSmimePublic);
        return new SecureMessageBuilder(options);
    }

    private SecureMessageReader Reader()
    {
        var options = new SecureMessageReaderOptions();
        options.SmimeKeys.Add(keys.BobSmime);
        options.SmimeTrustAnchors.Add(keys.Authority);
        return new SecureMessageReader(options);
    }
}
