using System.Text;
using MimeKit;
using MimeKit.Cryptography;
using Ses.Transport.Security;

namespace Ses.Transport.Tests.Security;

[Collection(SecurityCollection.Name)]
public sealed class SecureMessageReaderTests(SecurityKeys keys)
{
    [Theory]
    [InlineData(ProtectionScheme.SMime)]
    [InlineData(ProtectionScheme.Pgp)]
    public async Task ReadAsync_ContentChangedAfterSigning_ReportsInvalidSignature(ProtectionScheme scheme)
    {
        using var builder = Builder();
        using var reader = new SecureMessageReader(ReaderOptions());
        var signed = SecureMessageRoundTripTests.Serialize(await builder.SignAsync(SecurityKeys.Message(), scheme, TestContext.Current.CancellationToken));

        var tampered = Replace(signed, "confidential", "confidentiaL");
        var result = await reader.ReadAsync(MimeMessage.Load(new MemoryStream(tampered)), TestContext.Current.CancellationToken);

        var signature = Assert.Single(result.Signatures);
        Assert.Equal(SignatureStatus.Invalid, signature.Status);
        Assert.False(signature.IsTrusted);
        Assert.False(result.IsSignatureValid);
    }

    [Fact]
    public async Task ReadAsync_SmimeSignerOutsideTrustAnchors_ValidButNotTrusted()
    {
        using var builder = Builder();
        using var reader = new SecureMessageReader(new SecureMessageReaderOptions());
        var signed = await builder.SignAsync(SecurityKeys.Message(), ProtectionScheme.SMime, TestContext.Current.CancellationToken);

        var result = await reader.ReadAsync(SecureMessageRoundTripTests.Reparse(signed), TestContext.Current.CancellationToken);

        var signature = Assert.Single(result.Signatures);
        Assert.Equal(SignatureStatus.Valid, signature.Status);
        Assert.False(signature.IsTrusted);
        Assert.Equal(keys.AliceCertificate.Thumbprint, signature.Fingerprint);
    }

    [Fact]
    public async Task ReadAsync_SignerCertificateNotForEmail_ValidButNotTrusted()
    {
        using var tls = SmimeTestCertificates.Issue(keys.Authority, "Erin", "erin@example.com", extendedKeyUsage: SmimeTestCertificates.ServerAuth);
        using var reader = new SecureMessageReader(ReaderOptions());
        var message = SecurityKeys.Message(from: "erin@example.com");
        using (var context = new TemporarySecureMimeContext())
        {
            // Signed with MimeKit directly: the builder itself refuses a certificate without emailProtection.
            var signer = new CmsSigner([tls.AsBouncyCastleCertificate()], tls.GetPrivateKeyAsAsymmetricKeyParameter()!) { DigestAlgorithm = DigestAlgorithm.Sha256 };
            message.Body = await MultipartSigned.CreateAsync(context, signer, message.Body!, TestContext.Current.CancellationToken);
        }

        var result = await reader.ReadAsync(SecureMessageRoundTripTests.Reparse(message), TestContext.Current.CancellationToken);

        var signature = Assert.Single(result.Signatures);
        Assert.Equal(SignatureStatus.Valid, signature.Status);
        Assert.False(signature.IsTrusted);
    }

    [Fact]
    public async Task ReadAsync_PgpSignerKeyUnknown_ReportsUnknownSigner()
    {
        using var builder = Builder();
        using var reader = new SecureMessageReader(new SecureMessageReaderOptions());
        var signed = await builder.SignAsync(SecurityKeys.Message(), ProtectionScheme.Pgp, TestContext.Current.CancellationToken);

        var result = await reader.ReadAsync(SecureMessageRoundTripTests.Reparse(signed), TestContext.Current.CancellationToken);

        Assert.Equal(SignatureStatus.UnknownSigner, Assert.Single(result.Signatures).Status);
        Assert.False(result.IsTrusted);
    }

    [Fact]
    public async Task ReadAsync_SignerNotTheSender_ReportsMismatch()
    {
        using var builder = Builder();
        using var reader = new SecureMessageReader(ReaderOptions());
        var signed = SecureMessageRoundTripTests.Reparse(await builder.SignAsync(SecurityKeys.Message(), ProtectionScheme.SMime, TestContext.Current.CancellationToken));

        // A forwarding party rewrites From; the signature still holds but no longer matches the sender.
        signed.From.Clear();
        signed.From.Add(MailboxAddress.Parse("mallory@example.com"));
        var result = await reader.ReadAsync(signed, TestContext.Current.CancellationToken);

        var signature = Assert.Single(result.Signatures);
        Assert.True(signature.IsValid);
        Assert.False(signature.MatchesSender);
    }

    [Theory]
    [InlineData(ProtectionScheme.SMime)]
    [InlineData(ProtectionScheme.Pgp)]
    public async Task ReadAsync_NoMatchingPrivateKey_ThrowsDecryptionFailed(ProtectionScheme scheme)
    {
        using var builder = Builder();
        var options = new SecureMessageReaderOptions();
        options.SmimeKeys.Add(keys.AliceSmime);
        options.PgpKeys.Add(keys.AlicePgp);
        using var reader = new SecureMessageReader(options);
        var encrypted = await builder.EncryptAsync(SecurityKeys.Message(), scheme, TestContext.Current.CancellationToken);

        var ex = await Assert.ThrowsAsync<SecureMessageException>(() => reader.ReadAsync(SecureMessageRoundTripTests.Reparse(encrypted), TestContext.Current.CancellationToken));

        Assert.Equal(SecureMessageFailure.DecryptionFailed, ex.Failure);
        SecretAssert.NoSecret(ex.ToString(), keys);
    }

    [Fact]
    public async Task ReadAsync_DamagedSignaturePart_ThrowsVerificationFailed()
    {
        using var reader = new SecureMessageReader(ReaderOptions());
        var message = SecurityKeys.Message();
        var signature = new MimePart("application", "pkcs7-signature")
        {
            Content = new MimeContent(new MemoryStream(Encoding.ASCII.GetBytes("this is not CMS"))),
            ContentTransferEncoding = ContentEncoding.Base64,
        };
        var signed = new MultipartSigned { message.Body!, signature };
        signed.ContentType.Parameters["protocol"] = "application/pkcs7-signature";
        message.Body = signed;

        var ex = await Assert.ThrowsAsync<SecureMessageException>(() => reader.ReadAsync(SecureMessageRoundTripTests.Reparse(message), TestContext.Current.CancellationToken));

        Assert.Equal(SecureMessageFailure.VerificationFailed, ex.Failure);
    }

    [Fact]
    public async Task ReadAsync_PlainMessage_ReturnsBodyWithoutSignatures()
    {
        using var reader = new SecureMessageReader(ReaderOptions());
        var message = SecurityKeys.Message();

        var result = await reader.ReadAsync(message, TestContext.Current.CancellationToken);

        Assert.Same(message.Body, result.Content);
        Assert.False(result.IsSigned);
        Assert.False(result.IsEncrypted);
    }

    [Fact]
    public async Task ReadAsync_NoBody_ThrowsEmptyMessage()
    {
        using var reader = new SecureMessageReader(ReaderOptions());

        var ex = await Assert.ThrowsAsync<SecureMessageException>(() => reader.ReadAsync(new MimeMessage(), TestContext.Current.CancellationToken));

        Assert.Equal(SecureMessageFailure.EmptyMessage, ex.Failure);
    }

    internal static byte[] Replace(byte[] message, string from, string to)
    {
        var text = Encoding.Latin1.GetString(message);
        var index = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{from}' not found in the message");
        return Encoding.Latin1.GetBytes(text[..index] + to + text[(index + from.Length)..]);
    }

    private SecureMessageBuilder Builder()
    {
        var options = new SecureMessageBuilderOptions { SmimeSigner = keys.AliceSmime, PgpSigner = keys.AlicePgp };
        options.SmimeRecipients.Add(keys.BobSmimePublic);
        options.PgpRecipients.Add(keys.BobPgpPublic);
        return new SecureMessageBuilder(options);
    }

    private SecureMessageReaderOptions ReaderOptions() => keys.BobReaderOptions();
}
