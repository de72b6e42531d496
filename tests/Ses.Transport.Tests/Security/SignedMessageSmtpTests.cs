using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Ses.Transport.Internal;
using Ses.Transport.Security;
using Ses.Transport.Tests.Shared;
using SmtpServer;
using SmtpResponse = SmtpServer.Protocol.SmtpResponse;
using SmtpServer.Storage;

namespace Ses.Transport.Tests.Security;

/// <summary>
/// A signed message sent with MailKit over SMTP + STARTTLS to a real SMTP server (the SmtpServer package, in process,
/// on 127.0.0.1, with a generated certificate) still verifies from the bytes the server received.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class SignedMessageSmtpTests(SecurityKeys keys)
{
    [Theory]
    [InlineData(ProtectionScheme.SMime, SmimeSignatureFormat.Detached, MessageProtection.Sign)]
    [InlineData(ProtectionScheme.SMime, SmimeSignatureFormat.Opaque, MessageProtection.Sign)]
    [InlineData(ProtectionScheme.SMime, SmimeSignatureFormat.Detached, MessageProtection.SignAndEncrypt)]
    [InlineData(ProtectionScheme.Pgp, SmimeSignatureFormat.Detached, MessageProtection.Sign)]
    [InlineData(ProtectionScheme.Pgp, SmimeSignatureFormat.Detached, MessageProtection.SignAndEncrypt)]
    public async Task SendOverStartTls_SignedMessage_ReceivedBytesStillVerify(ProtectionScheme scheme, SmimeSignatureFormat format, MessageProtection protection)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var options = new SecureMessageBuilderOptions { SmimeSigner = keys.AliceSmime, PgpSigner = keys.AlicePgp, SmimeSignatureFormat = format };
        options.SmimeRecipients.Add(keys.BobSmimePublic);
        options.PgpRecipients.Add(keys.BobPgpPublic);
        using var builder = new SecureMessageBuilder(options);
        var message = await builder.ProtectAsync(SecurityKeys.Message(), scheme, protection, cancellationToken);
        var store = new CapturingStore();
        var port = FreePort.Next();
        var server = new SmtpServer.SmtpServer(
            new SmtpServerOptionsBuilder()
                .ServerName("localhost")
                .Endpoint(e => e
                    .Endpoint(new IPEndPoint(IPAddress.Loopback, port))
                    .IsSecure(false)
                    .Certificate(TestCertificates.Localhost)
                    .SupportedSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13))
                .Build(),
            Services(store));
        using var stop = new CancellationTokenSource();
        var running = server.StartAsync(stop.Token);
        try
        {
            using var client = new SmtpClient
            {
                SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ServerCertificateValidationCallback = TrustTestAuthority,
                Timeout = 10_000,
            };
            await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.StartTls, cancellationToken);
            Assert.True(client.IsSecure);
            await client.SendAsync(TransportFormat.Options, message, cancellationToken);
            await client.DisconnectAsync(true, cancellationToken);

            var received = MimeMessage.Load(new MemoryStream(await store.Received.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken)));
            using var reader = new SecureMessageReader(ReaderOptions());
            var result = await reader.ReadAsync(received, cancellationToken);

            var signature = Assert.Single(result.Signatures);
            Assert.Equal(SignatureStatus.Valid, signature.Status);
            Assert.True(signature.IsTrusted);
            Assert.Equal(SecurityKeys.BodyText, SecureMessageRoundTripTests.BodyTextOf(result.Content));
        }
        finally
        {
            server.Shutdown();
            await stop.CancelAsync();
            await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
        }
    }

    private static SmtpServer.ComponentModel.ServiceProvider Services(IMessageStore store)
    {
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        return services;
    }

    private static bool TrustTestAuthority(object sender, System.Security.Cryptography.X509Certificates.X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }

        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(TestCertificates.Authority);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return custom.Build(presented);
    }

    private SecureMessageReaderOptions ReaderOptions()
    {
        var options = new SecureMessageReaderOptions();
        options.SmimeKeys.Add(keys.BobSmime);
        options.SmimeTrustAnchors.Add(keys.Authority);
        options.PgpKeys.Add(keys.BobPgp);
        options.PgpKeys.Add(PgpKeyMaterial.FromArmoredPublicKey(keys.AlicePgpKey.PublicArmor));
        return options;
    }

    private sealed class CapturingStore : MessageStore
    {
        public TaskCompletionSource<byte[]> Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            Received.TrySetResult(buffer.ToArray());
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
