using System.Security.Authentication;
using Ses.Transport.Tests.Shared;
using Ses.Transport.Tests.Smtp.Peers;

namespace Ses.Transport.Tests.Smtp;

/// <summary>Interop with Postfix (STARTTLS with TLS required before AUTH, and implicit TLS), a server nobody here wrote.</summary>
public sealed class PostfixTests(PostfixInstance postfix) : IClassFixture<PostfixInstance>
{
    public static TheoryData<SesTransportKind> Kinds => [.. SmtpTest.Kinds];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task SendAsync_Postfix_DeliveredMaildirFileParsesBackToTheSentMessage(SesTransportKind kind)
    {
        Peer.Require(postfix.Unavailable is null, postfix.Unavailable ?? string.Empty);
        await using var transport = SmtpTest.Create(kind, postfix.PortFor(kind), o =>
        {
            // Postfix's certificate is self-signed for localhost/127.0.0.1: it is the only anchor.
            o.Tls.TrustAnchors.Clear();
            o.Tls.TrustAnchors.Add(postfix.Certificate!);
            o.ConfigurationSetName = "postfix-interop";
        });
        var message = SmtpTest.Message();

        var receipt = await transport.SendAsync(message, TestContext.Current.CancellationToken);

        var received = await postfix.WaitForMessageAsync(message.MessageId!);
        SmtpTest.AssertSameMessage(message, received);
        Assert.Equal("postfix-interop", received.Headers["X-SES-CONFIGURATION-SET"]);

        // Postfix answers "250 2.0.0 Ok: queued as <queue id>"; the receipt carries that id, which Postfix also wrote
        // into its Received header together with the TLS it negotiated.
        var receivedHeader = received.Headers["Received"] ?? string.Empty;
        Assert.Matches("^[0-9A-Za-z]+$", receipt.MessageId);
        Assert.Contains($"id {receipt.MessageId}", receivedHeader, StringComparison.Ordinal);
        Assert.Contains(receipt.TlsProtocol == SslProtocols.Tls13 ? "TLSv1.3" : "TLSv1.2", receivedHeader, StringComparison.Ordinal);
    }
}
