using Microsoft.Extensions.Time.Testing;
using Ses.Transport.Tests.Smtp.Peers;

namespace Ses.Transport.Tests.Smtp;

/// <summary>The connection pool, observed from the server: sessions opened, open at once, NOOP and QUIT received.</summary>
public sealed class SmtpConnectionPoolTests
{
    [Fact]
    public async Task SendAsync_200MessagesFrom16Callers_AllDeliveredOnceThroughAtMost4Connections()
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        await using var transport = SmtpTest.Create(SesTransportKind.StartTlsSmtp, server.StartTlsPort, o => o.MaxMessagesPerConnection = 1000);
        var messages = Enumerable.Range(0, 200).Select(i => SmtpTest.Message($"Concurrent {i}")).ToArray();
        var next = -1;

        var callers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < messages.Length)
            {
                await transport.SendAsync(messages[i], TestContext.Current.CancellationToken);
            }
        }));
        await Task.WhenAll(callers);

        var received = server.Messages.Select(m => m.MessageId).ToList();
        Assert.Equal(200, received.Count);
        Assert.Equal(messages.Select(m => m.MessageId).Order(), received.Order());
        Assert.InRange(server.MaxConcurrentSessions, 1, 4);
        Assert.InRange(server.SessionsCreated, 1, 4);
    }

    [Fact]
    public async Task SendAsync_SequentialSends_ReuseOneConnection()
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        await using var transport = SmtpTest.Create(SesTransportKind.TlsWrapperSmtp, server.ImplicitTlsPort);

        for (var i = 0; i < 3; i++)
        {
            await transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken);
        }

        Assert.Equal(3, server.Messages.Count);
        Assert.Equal(1, server.SessionsCreated);
        Assert.Equal(1, server.Commands.Count(c => c == "AUTH"));
    }

    [Fact]
    public async Task SendAsync_ConnectionIdleLongerThanThreshold_CheckedWithNoopAndReused()
    {
        var time = new FakeTimeProvider();
        await using var server = await InProcessSmtpServer.StartAsync();
        await using var transport = SmtpTest.Create(SesTransportKind.StartTlsSmtp, server.StartTlsPort, o => o.IdleRefreshThreshold = TimeSpan.FromSeconds(5), timeProvider: time);
        await transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken);

        time.Advance(TimeSpan.FromSeconds(6));
        await transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken);

        Assert.Equal(1, server.Commands.Count(c => c == "NOOP"));
        Assert.Equal(1, server.SessionsCreated);
        Assert.Equal(2, server.Messages.Count);
    }

    [Fact]
    public async Task SendAsync_ConnectionIdleShorterThanThreshold_ReusedWithoutNoop()
    {
        var time = new FakeTimeProvider();
        await using var server = await InProcessSmtpServer.StartAsync();
        await using var transport = SmtpTest.Create(SesTransportKind.StartTlsSmtp, server.StartTlsPort, o => o.IdleRefreshThreshold = TimeSpan.FromSeconds(5), timeProvider: time);
        await transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken);

        time.Advance(TimeSpan.FromSeconds(4));
        await transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken);

        Assert.DoesNotContain("NOOP", server.Commands);
        Assert.Equal(1, server.SessionsCreated);
    }

    [Fact]
    public async Task SendAsync_IdleConnectionDroppedByServer_ReplacedBeforeUseInOneAttempt()
    {
        var time = new FakeTimeProvider();
        await using var server = await InProcessSmtpServer.StartAsync(s => s.CommandWaitTimeout = TimeSpan.FromSeconds(2));
        await using var transport = SmtpTest.Create(
            SesTransportKind.StartTlsSmtp,
            server.StartTlsPort,
            o =>
            {
                o.IdleRefreshThreshold = TimeSpan.FromSeconds(5);
                o.Retry.MaxRetryAttempts = 0;
            },
            timeProvider: time);
        await transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken);
        Assert.True(await server.WaitUntilAsync(s => s.SessionsEnded == 1), "the server did not drop the idle session");

        time.Advance(TimeSpan.FromSeconds(6));
        var receipt = await transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken);

        Assert.Equal(1, receipt.Attempts);
        Assert.Equal(2, server.SessionsCreated);
        Assert.Equal(2, server.Messages.Count);
    }

    [Fact]
    public async Task SendAsync_MaxMessagesPerConnectionReached_ConnectionClosedWithQuitAndReplaced()
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        await using var transport = SmtpTest.Create(SesTransportKind.StartTlsSmtp, server.StartTlsPort, o => o.MaxMessagesPerConnection = 2);

        for (var i = 0; i < 5; i++)
        {
            await transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken);
        }

        Assert.Equal(5, server.Messages.Count);
        Assert.Equal(3, server.SessionsCreated);
        Assert.True(await server.WaitUntilAsync(s => s.SessionsEnded == 2));
        Assert.Equal(2, server.Commands.Count(c => c == "QUIT"));
    }

    [Fact]
    public async Task SendAsync_ConnectionOlderThanMaxAge_ClosedWithQuitAndReplaced()
    {
        var time = new FakeTimeProvider();
        await using var server = await InProcessSmtpServer.StartAsync();
        await using var transport = SmtpTest.Create(
            SesTransportKind.TlsWrapperSmtp,
            server.ImplicitTlsPort,
            o =>
            {
                o.MaxConnectionAge = TimeSpan.FromMinutes(1);
                o.IdleRefreshThreshold = TimeSpan.FromHours(1);
            },
            timeProvider: time);
        await transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken);

        time.Advance(TimeSpan.FromMinutes(2));
        await transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken);

        Assert.Equal(2, server.SessionsCreated);
        Assert.True(await server.WaitUntilAsync(s => s.SessionsEnded == 1));
        Assert.Equal(1, server.Commands.Count(c => c == "QUIT"));
        Assert.DoesNotContain("NOOP", server.Commands);
    }

    [Fact]
    public async Task DisposeAsync_IdleConnections_ClosedWithQuit()
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        var transport = SmtpTest.Create(SesTransportKind.StartTlsSmtp, server.StartTlsPort);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken)));
        var opened = server.SessionsCreated;

        await transport.DisposeAsync();

        Assert.True(await server.WaitUntilAsync(s => s.SessionsEnded == opened));
        Assert.Equal(opened, server.Commands.Count(c => c == "QUIT"));
    }

    [Fact]
    public async Task SendAsync_AfterDispose_ObjectDisposedException()
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        var transport = SmtpTest.Create(SesTransportKind.TlsWrapperSmtp, server.ImplicitTlsPort);
        await transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken);
        await transport.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken));

        Assert.Single(server.Messages);
    }
}
