using MimeKit;
using Ses.Transport.Security;
using Ses.Transport.Tests.Smtp;
using Ses.Transport.Tests.Smtp.Peers;

namespace Ses.Transport.Tests.Security;

/// <summary>
/// A protected message sent through the library's SMTP transports (STARTTLS and TLS wrapper) to a real SMTP server
/// (the SmtpServer package, in process, on 127.0.0.1, with a generated certificate and AUTH) still verifies and
/// decrypts from the bytes the server received: nothing on the way re-encoded it.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class SignedMessageSmtpTests(SecurityKeys keys)
{
    [Theory]
    [InlineData(SesTransportKind.StartTlsSmtp, ProtectionScheme.SMime, SmimeSignatureFormat.Detached, MessageProtection.Sign)]
    [InlineData(SesTransportKind.StartTlsSmtp, ProtectionScheme.SMime, SmimeSignatureFormat.Opaque, MessageProtection.Sign)]
    [InlineData(SesTransportKind.TlsWrapperSmtp, ProtectionScheme.SMime, SmimeSignatureFormat.Detached, MessageProtection.SignAndEncrypt)]
    [InlineData(SesTransportKind.StartTlsSmtp, ProtectionScheme.Pgp, SmimeSignatureFormat.Detached, MessageProtection.Sign)]
    [InlineData(SesTransportKind.TlsWrapperSmtp, ProtectionScheme.Pgp, SmimeSignatureFormat.Detached, MessageProtection.SignAndEncrypt)]
    public async Task SendAsync_ProtectedMessageThroughSmtpTransport_ReceivedBytesStillVerify(
        SesTransportKind kind, ProtectionScheme scheme, SmimeSignatureFormat format, MessageProtection protection)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var options = new SecureMessageBuilderOptions { SmimeSigner = keys.AliceSmime, PgpSigner = keys.AlicePgp, SmimeSignatureFormat = format };
        options.SmimeRecipients.Add(keys.BobSmimePublic);
        options.PgpRecipients.Add(keys.BobPgpPublic);
        using var builder = new SecureMessageBuilder(options);
        var message = await builder.ProtectAsync(SecurityKeys.Message(), scheme, protection, cancellationToken);
        await using var server = await InProcessSmtpServer.StartAsync();
        await using var transport = SmtpTest.Create(kind, server.PortFor(kind));

        var receipt = await transport.SendAsync(message, cancellationToken);

        Assert.Equal(kind, receipt.Transport);
        var received = MimeMessage.Load(new MemoryStream(Assert.Single(server.RawMessages)));
        using var reader = new SecureMessageReader(ReaderOptions());
        var result = await reader.ReadAsync(received, cancellationToken);
        var signature = Assert.Single(result.Signatures);
        Assert.Equal(SignatureStatus.Valid, signature.Status);
        Assert.True(signature.IsTrusted);
        Assert.Equal(SecurityKeys.BodyText, SecureMessageRoundTripTests.BodyTextOf(result.Content));
    }

    private SecureMessageReaderOptions ReaderOptions() => keys.BobReaderOptions();
}
