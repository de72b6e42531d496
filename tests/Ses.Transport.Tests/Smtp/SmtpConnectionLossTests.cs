using MimeKit;
using Ses.Transport.Tests.Smtp.Peers;

namespace Ses.Transport.Tests.Smtp;

/// <summary>
/// A connection lost during DATA. Documented behaviour: a transient <see cref="SesConnectionException"/>, retried on a
/// new connection. Lost before the end of the data, the server cannot have accepted the message (delivered once);
/// lost after the data and before the reply, it may have (delivered again: at-least-once, duplicates possible).
/// </summary>
public sealed class SmtpConnectionLossTests
{
    [Fact]
    public async Task SendAsync_ConnectionDroppedInTheMiddleOfData_RetriedAndDeliveredOnce()
    {
        await using var server = ScriptedSmtpServer.Start(async c =>
        {
            await c.UpgradeAsync();
            await c.WriteAsync("220 localhost ESMTP\r\n");

            // First connection: hang up after the first lines of message data.
            await c.ServeAsync(["AUTH PLAIN LOGIN"], duringData: (conn, bytes) =>
            {
                if (conn.Index == 1 && bytes > 100)
                {
                    conn.Abort();
                    return Task.FromResult(false);
                }

                return Task.FromResult(true);
            });
        });
        await using var transport = SmtpTest.Create(SesTransportKind.TlsWrapperSmtp, server.Port);
        var message = SmtpTest.Message();

        var receipt = await transport.SendAsync(message, TestContext.Current.CancellationToken);

        Assert.Equal(2, receipt.Attempts);
        Assert.Equal(2, server.Connections.Count);
        var received = MimeMessage.Load(new MemoryStream(Assert.Single(server.Messages)));
        Assert.Equal(message.MessageId, received.MessageId);
    }

    [Fact]
    public async Task SendAsync_ConnectionDroppedAfterDataBeforeReply_RetriedAndDeliveredTwice()
    {
        await using var server = ScriptedSmtpServer.Start(async c =>
        {
            await c.UpgradeAsync();
            await c.WriteAsync("220 localhost ESMTP\r\n");

            // First connection: keep the message, then hang up without the 250 reply.
            await c.ServeAsync(["AUTH PLAIN LOGIN"], onData: (conn, content) =>
            {
                var reply = conn.Accept(content);
                if (conn.Index == 1)
                {
                    conn.Abort();
                    return Task.FromResult<string?>(null);
                }

                return Task.FromResult<string?>(reply);
            });
        });
        await using var transport = SmtpTest.Create(SesTransportKind.TlsWrapperSmtp, server.Port);
        var message = SmtpTest.Message();

        var receipt = await transport.SendAsync(message, TestContext.Current.CancellationToken);

        Assert.Equal(2, receipt.Attempts);
        Assert.Equal(0, receipt.MessageId.IndexOf("0100018cscripted0002", StringComparison.Ordinal));
        Assert.Equal(2, server.Messages.Count);
        Assert.All(server.Messages, m => Assert.Equal(message.MessageId, MimeMessage.Load(new MemoryStream(m)).MessageId));
    }

    [Fact]
    public async Task SendAsync_ConnectionDroppedDuringDataWithoutRetries_TransientConnectionException()
    {
        await using var server = ScriptedSmtpServer.Start(async c =>
        {
            await c.UpgradeAsync();
            await c.WriteAsync("220 localhost ESMTP\r\n");
            await c.ServeAsync(["AUTH PLAIN LOGIN"], onData: (conn, _) =>
            {
                conn.Abort();
                return Task.FromResult<string?>(null);
            });
        });
        await using var transport = SmtpTest.Create(SesTransportKind.TlsWrapperSmtp, server.Port, o => o.Retry.MaxRetryAttempts = 0);

        var ex = await Assert.ThrowsAsync<SesConnectionException>(() => transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken));

        Assert.True(ex.IsTransient);
        Assert.Equal(SesTransportKind.TlsWrapperSmtp, ex.Transport);
        Assert.Contains("twice", ex.Message, StringComparison.Ordinal);
    }
}
