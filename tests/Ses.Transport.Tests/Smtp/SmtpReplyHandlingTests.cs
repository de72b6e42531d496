using SmtpServer.Protocol;
using Ses.Transport.Tests.Smtp.Peers;

namespace Ses.Transport.Tests.Smtp;

/// <summary>SES's SMTP replies, played by a real SMTP server, become typed exceptions; transient ones are retried.</summary>
public sealed class SmtpReplyHandlingTests
{
    public static TheoryData<SesTransportKind> Kinds => [.. SmtpTest.Kinds];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task SendAsync_ThrottledTwiceThenAccepted_DeliveredExactlyOnceInThreeAttempts(SesTransportKind kind)
    {
        await using var server = await InProcessSmtpServer.StartAsync(s =>
            s.Reply = n => n <= 2 ? Reply(454, "Throttling failure: Maximum sending rate exceeded.") : null);
        await using var transport = SmtpTest.Create(kind, server.PortFor(kind));
        var message = SmtpTest.Message();

        var receipt = await transport.SendAsync(message, TestContext.Current.CancellationToken);

        Assert.Equal(3, receipt.Attempts);
        Assert.Equal(3, server.SaveCalls);
        Assert.Equal(message.MessageId, Assert.Single(server.Messages).MessageId);
    }

    [Fact]
    public async Task SendAsync_ThrottledOnEveryAttempt_ThrottlingExceptionAfterAllRetries()
    {
        await using var server = await InProcessSmtpServer.StartAsync(s => s.Reply = _ => Reply(454, "Throttling failure: Maximum sending rate exceeded."));
        await using var transport = SmtpTest.Create(SesTransportKind.StartTlsSmtp, server.StartTlsPort, o => o.Retry.MaxRetryAttempts = 2);

        var ex = await Assert.ThrowsAsync<SesThrottlingException>(() => transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken));

        Assert.True(ex.IsTransient);
        Assert.False(ex.DailyQuotaExceeded);
        Assert.Equal(454, ex.SmtpStatusCode);
        Assert.Equal("Throttling failure: Maximum sending rate exceeded.", ex.ServerMessage);
        Assert.Equal(SesTransportKind.StartTlsSmtp, ex.Transport);
        Assert.Equal(3, server.SaveCalls);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task SendAsync_DailyQuotaExceeded_ThrottlingExceptionMarksTheQuota()
    {
        await using var server = await InProcessSmtpServer.StartAsync(s => s.Reply = _ => Reply(454, "Throttling failure: Daily message quota exceeded."));
        await using var transport = SmtpTest.Create(SesTransportKind.TlsWrapperSmtp, server.ImplicitTlsPort, o => o.Retry.MaxRetryAttempts = 0);

        var ex = await Assert.ThrowsAsync<SesThrottlingException>(() => transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken));

        Assert.True(ex.DailyQuotaExceeded);
        Assert.Equal(454, ex.SmtpStatusCode);
    }

    [Theory]
    [InlineData("Message rejected: Email address is not verified. The following identities failed the check in region EU-WEST-1: sender@example.com")]
    [InlineData("Access denied: User is not authorized to perform ses:SendRawEmail")]
    public async Task SendAsync_Rejected554_PermanentAfterOneAttempt(string text)
    {
        await using var server = await InProcessSmtpServer.StartAsync(s => s.Reply = _ => Reply(554, text));
        await using var transport = SmtpTest.Create(SesTransportKind.StartTlsSmtp, server.StartTlsPort);

        var ex = await Assert.ThrowsAsync<SesMessageRejectedException>(() => transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken));

        Assert.False(ex.IsTransient);
        Assert.Equal(554, ex.SmtpStatusCode);
        Assert.Equal(text, ex.ServerMessage);
        Assert.Equal(1, server.SaveCalls);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task SendAsync_WrongPassword_AuthenticationExceptionWithoutRetry(SesTransportKind kind)
    {
        await using var server = await InProcessSmtpServer.StartAsync(s => s.Password = "another-password");
        await using var transport = SmtpTest.Create(kind, server.PortFor(kind));

        var ex = await Assert.ThrowsAsync<SesAuthenticationException>(() => transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken));

        Assert.False(ex.IsTransient);
        Assert.Equal(535, ex.SmtpStatusCode);
        Assert.Equal(1, server.SessionsCreated);
        Assert.Equal(0, server.SaveCalls);
    }

    [Fact]
    public async Task SendAsync_Rejected552_MessageTooLargeException()
    {
        await using var server = await InProcessSmtpServer.StartAsync(s => s.Reply = _ => Reply(552, "5.3.4 Message size exceeds fixed maximum message size"));
        await using var transport = SmtpTest.Create(SesTransportKind.StartTlsSmtp, server.StartTlsPort);

        var ex = await Assert.ThrowsAsync<SesMessageTooLargeException>(() => transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken));

        Assert.False(ex.IsTransient);
        Assert.Equal(552, ex.SmtpStatusCode);
        Assert.Equal(1, server.SaveCalls);
    }

    [Theory]
    [InlineData(421, "4.4.2 Service not available, closing transmission channel")]
    [InlineData(451, "4.4.2 Timeout waiting for data from client.")]
    public async Task SendAsync_ConnectionEndingReplyOnce_ReconnectsAndDelivers(int code, string text)
    {
        await using var server = await InProcessSmtpServer.StartAsync(s => s.Reply = n => n == 1 ? Reply(code, text) : null);
        await using var transport = SmtpTest.Create(SesTransportKind.StartTlsSmtp, server.StartTlsPort);

        var receipt = await transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken);

        Assert.Equal(2, receipt.Attempts);
        Assert.Equal(2, server.SessionsCreated);
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task SendAsync_Other4xxEveryTime_TransientTransportExceptionAfterRetries()
    {
        await using var server = await InProcessSmtpServer.StartAsync(s => s.Reply = _ => Reply(450, "4.2.1 Mailbox busy, try again later"));
        await using var transport = SmtpTest.Create(SesTransportKind.StartTlsSmtp, server.StartTlsPort, o => o.Retry.MaxRetryAttempts = 1);

        var ex = await Assert.ThrowsAsync<SesTransportException>(() => transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken));

        Assert.Equal(typeof(SesTransportException), ex.GetType());
        Assert.True(ex.IsTransient);
        Assert.Equal(450, ex.SmtpStatusCode);
        Assert.Equal(2, server.SaveCalls);
    }

    private static SmtpResponse Reply(int code, string text) => new((SmtpReplyCode)code, text);
}
