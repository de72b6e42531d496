using Ses.Transport.Tests.Shared;
using Ses.Transport.Tests.Smtp.Peers;

namespace Ses.Transport.Tests.Smtp;

/// <summary>Interop with Node's <c>smtp-server</c> package (npm), a server nobody here wrote: delivery and hostile set-ups.</summary>
public sealed class NodeSmtpServerTests
{
    public static TheoryData<SesTransportKind> Kinds => [.. SmtpTest.Kinds];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task SendAsync_NodeSmtpServer_DeliversMessageThatParsesBack(SesTransportKind kind)
    {
        Peer.Require(NodeSmtpSink.Available, NodeSmtpSink.Requirement);
        await using var sink = await NodeSmtpSink.StartAsync(new Dictionary<string, string>
        {
            ["SINK_SECURE"] = kind == SesTransportKind.TlsWrapperSmtp ? "1" : "0",
        });
        await using var transport = SmtpTest.Create(kind, sink.Port, o => o.ConfigurationSetName = "node-interop");
        var message = SmtpTest.Message();

        var receipt = await transport.SendAsync(message, TestContext.Current.CancellationToken);

        Assert.True(await sink.WaitForMessagesAsync(1), sink.Output);
        var received = Assert.Single(sink.Messages);
        SmtpTest.AssertSameMessage(message, received);
        Assert.Equal("node-interop", received.Headers["X-SES-CONFIGURATION-SET"]);

        // smtp-server answers "250 OK: message queued" (no id): the receipt falls back to the message's Message-Id.
        Assert.Equal(message.MessageId, receipt.MessageId);
        Assert.Contains(sink.Commands, c => c.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SendAsync_NodeServerWithStartTlsDisabled_StartTlsNotOfferedNothingSensitiveSent()
    {
        Peer.Require(NodeSmtpSink.Available, NodeSmtpSink.Requirement);

        // STARTTLS disabled (not just hidden) and AUTH offered in clear as bait.
        await using var sink = await NodeSmtpSink.StartAsync(new Dictionary<string, string>
        {
            ["SINK_DISABLED"] = "STARTTLS",
            ["SINK_ALLOW_INSECURE_AUTH"] = "1",
        });
        await using var transport = SmtpTest.Create(SesTransportKind.StartTlsSmtp, sink.Port);

        var ex = await Assert.ThrowsAsync<SesTlsException>(() => transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken));

        Assert.Equal(TlsFailure.StartTlsNotOffered, ex.Failure);
        Assert.Contains(sink.Commands, c => c.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(sink.Commands, c => c.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase) || c.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("EHLO", sink.Plaintext, StringComparison.OrdinalIgnoreCase);
        SmtpTest.AssertNothingSensitiveSentInClear(sink.Plaintext);
        Assert.Empty(sink.RawMessages);
    }

    [Fact]
    public async Task SendAsync_NodeServerOfferingOnlyTls11_ProtocolVersionTooLowNothingSensitiveSent()
    {
        Peer.Require(NodeSmtpSink.Available, NodeSmtpSink.Requirement);
        await using var sink = await NodeSmtpSink.StartAsync(new Dictionary<string, string>
        {
            ["SINK_MIN_VERSION"] = "TLSv1.1",
            ["SINK_MAX_VERSION"] = "TLSv1.1",
            ["SINK_CIPHERS"] = "DEFAULT@SECLEVEL=0",
        });
        await using var transport = SmtpTest.Create(SesTransportKind.StartTlsSmtp, sink.Port);

        var ex = await Assert.ThrowsAsync<SesTlsException>(() => transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken));

        Assert.Equal(TlsFailure.ProtocolVersionTooLow, ex.Failure);
        Assert.False(ex.IsTransient);
        Assert.Contains(sink.Commands, c => c.Equals("STARTTLS", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(sink.Commands, c => c.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase) || c.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
        SmtpTest.AssertNothingSensitiveSentInClear(sink.Plaintext);
    }
}
