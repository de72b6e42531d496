using System.Security.Authentication;
using MimeKit;
using Ses.Transport.Tests.Smtp.Peers;

namespace Ses.Transport.Tests.Smtp;

/// <summary>Both SMTP transports deliver to a real SMTP server (SmtpServer NuGet) over STARTTLS and implicit TLS.</summary>
public sealed class SmtpDeliveryTests
{
    public static TheoryData<SesTransportKind> Kinds => [.. SmtpTest.Kinds];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task SendAsync_InProcessServer_ReceivedBytesParseBackToTheSentMessage(SesTransportKind kind)
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        await using var transport = SmtpTest.Create(kind, server.PortFor(kind));
        var message = SmtpTest.Message();
        message.Cc.Add(new MailboxAddress("Copy", "copy@example.org"));
        message.Headers.Add("X-Custom", "custom value");

        await transport.SendAsync(message, TestContext.Current.CancellationToken);

        var received = Assert.Single(server.Messages);
        SmtpTest.AssertSameMessage(message, received);
        Assert.Equal("custom value", received.Headers["X-Custom"]);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task SendAsync_SesStyleReply_ReceiptCarriesSesMessageIdAndNegotiatedTls(SesTransportKind kind)
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        await using var transport = SmtpTest.Create(kind, server.PortFor(kind));

        var receipt = await transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken);

        Assert.Matches("^0100018c[0-9a-f]{8}-5e3d9a1b-7c42-4f0e-9b1d-2a6c8e4f1b3d-000000$", receipt.MessageId);
        Assert.Equal(kind, receipt.Transport);
        Assert.Contains(receipt.TlsProtocol, new[] { SslProtocols.Tls12, SslProtocols.Tls13 });
        Assert.NotNull(receipt.TlsCipherSuite);
        Assert.Equal(1, receipt.Attempts);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task SendAsync_DefaultConfigurationSet_HeaderSentWithoutChangingCallersMessage(SesTransportKind kind)
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        await using var transport = SmtpTest.Create(kind, server.PortFor(kind), o => o.ConfigurationSetName = "require-tls");
        var message = SmtpTest.Message();
        var headersBefore = message.Headers.Count;

        var receipt = await transport.SendAsync(message, TestContext.Current.CancellationToken);

        var received = Assert.Single(server.Messages);
        Assert.Equal("require-tls", received.Headers["X-SES-CONFIGURATION-SET"]);
        Assert.Equal("require-tls", receipt.ConfigurationSet);
        Assert.Equal(headersBefore, message.Headers.Count);
        Assert.False(message.Headers.Contains("X-SES-CONFIGURATION-SET"));
        Assert.Equal(message.MessageId, received.MessageId);
    }

    [Fact]
    public async Task SendAsync_MessageNamesItsConfigurationSet_MessageHeaderWinsOverDefault()
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        await using var transport = SmtpTest.Create(SesTransportKind.StartTlsSmtp, server.StartTlsPort, o => o.ConfigurationSetName = "default-set");
        var message = SmtpTest.Message();
        message.Headers.Add("X-SES-CONFIGURATION-SET", "per-message");
        message.Headers.Add("X-SES-MESSAGE-TAGS", "campaign=spring, tier=gold");

        var receipt = await transport.SendAsync(message, TestContext.Current.CancellationToken);

        var received = Assert.Single(server.Messages);
        Assert.Equal(["per-message"], received.Headers.Where(h => h.Field == "X-SES-CONFIGURATION-SET").Select(h => h.Value.Trim()));
        Assert.Equal("campaign=spring, tier=gold", received.Headers["X-SES-MESSAGE-TAGS"]?.Trim());
        Assert.Equal("per-message", receipt.ConfigurationSet);
    }

    [Fact]
    public async Task SendAsync_InvalidMessageTag_ValidationErrorAndNothingReachesServer()
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        await using var transport = SmtpTest.Create(SesTransportKind.StartTlsSmtp, server.StartTlsPort);
        var message = SmtpTest.Message();
        message.Headers.Add("X-SES-MESSAGE-TAGS", "campaign=spring sale");

        var ex = await Assert.ThrowsAsync<SesMessageValidationException>(() => transport.SendAsync(message, TestContext.Current.CancellationToken));

        Assert.Equal(MessageValidationFailure.InvalidHeaderValue, ex.Failure);
        Assert.Equal(0, server.SessionsCreated);
    }

    [Fact]
    public async Task SendAsync_MessageLargerThanAdvertisedSize_RefusedBeforeMailFrom()
    {
        await using var server = await InProcessSmtpServer.StartAsync(s => s.MaxMessageSize = 2000);
        await using var transport = SmtpTest.Create(SesTransportKind.StartTlsSmtp, server.StartTlsPort);
        var message = SmtpTest.Message();
        message.Body = new TextPart("plain") { Text = new string('x', 5000) };

        var ex = await Assert.ThrowsAsync<SesMessageValidationException>(() => transport.SendAsync(message, TestContext.Current.CancellationToken));

        Assert.Equal(MessageValidationFailure.TooLarge, ex.Failure);
        Assert.DoesNotContain("MAIL", server.Commands);
        Assert.Equal(0, server.SaveCalls);
    }

    [Fact]
    public async Task SendAsync_OptionsChangedAfterConstruction_TransportKeepsItsSettings()
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        var options = (Ses.Transport.Smtp.StartTlsSmtpTransportOptions)SmtpTest.Options(SesTransportKind.StartTlsSmtp, server.StartTlsPort, o => o.ConfigurationSetName = "first");
        await using var transport = new Ses.Transport.Smtp.StartTlsSmtpTransport(options);

        options.ConfigurationSetName = "second";
        options.Port = 1;
        var receipt = await transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken);

        Assert.Equal("first", receipt.ConfigurationSet);
        Assert.Equal("first", Assert.Single(server.Messages).Headers["X-SES-CONFIGURATION-SET"]);
    }

    [Fact]
    public void WithConfigurationSet_MessageWithoutHeader_CopyHasTheSameHeadersPlusTheSetAndSharesTheBody()
    {
        var message = SmtpTest.Message();

        var copy = Ses.Transport.Smtp.Internal.SmtpTransportCore.WithConfigurationSet(message, "tls-required");

        Assert.NotSame(message, copy);
        Assert.Same(message.Body, copy.Body);
        Assert.Equal([.. message.Headers.Select(h => h.Field), "X-SES-CONFIGURATION-SET"], copy.Headers.Select(h => h.Field));
        Assert.Equal(message.Headers.Select(h => h.Value), copy.Headers.Take(message.Headers.Count).Select(h => h.Value));
        Assert.Equal("tls-required", copy.Headers["X-SES-CONFIGURATION-SET"]);
    }
}
