using SmtpServer.Protocol;
using Ses.Transport.Tests.Shared;
using Ses.Transport.Tests.Smtp.Peers;

namespace Ses.Transport.Tests.Smtp;

/// <summary>
/// The SMTP password and the secret access key it is derived from never reach a log line or an exception text,
/// whether the send succeeds, is retried, refused or answered by a server that echoes the credentials back.
/// </summary>
public sealed class SmtpSecretsTests
{
    [Fact]
    public async Task SendAsync_SuccessRetriesAndFailures_NoSecretInAnyLogLineOrException()
    {
        var logs = new RecordingLoggerFactory();
        var errors = new List<string>();
        await using (var server = await InProcessSmtpServer.StartAsync(s => s.Reply = n => n == 1 ? new SmtpResponse((SmtpReplyCode)454, "Throttling failure: Maximum sending rate exceeded.") : null))
        await using (var wrongPassword = await InProcessSmtpServer.StartAsync(s => s.Password = "not-the-password"))
        {
            foreach (var kind in SmtpTest.Kinds)
            {
                await using var ok = SmtpTest.Create(kind, server.PortFor(kind), loggerFactory: logs);
                await ok.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken);

                await using var refused = SmtpTest.Create(kind, wrongPassword.PortFor(kind), loggerFactory: logs);
                errors.Add((await Assert.ThrowsAsync<SesAuthenticationException>(() => refused.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken))).ToString());
            }
        }

        Assert.NotEmpty(logs.Lines);
        Assert.Contains(logs.Lines, l => l.Contains("[1]", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("[105]", StringComparison.Ordinal));
        SmtpTest.AssertNoSecret(logs.AllText);
        Assert.All(errors, SmtpTest.AssertNoSecret);
    }

    [Fact]
    public async Task SendAsync_ServerEchoesCredentialsInItsReply_SecretRedactedFromExceptionAndLogs()
    {
        var logs = new RecordingLoggerFactory();
        await using var server = ScriptedSmtpServer.Start(async c =>
        {
            await c.UpgradeAsync();
            await c.WriteAsync("220 localhost ESMTP\r\n");
            while (await c.ReadCommandAsync() is { } line)
            {
                if (line.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase))
                {
                    await c.WriteAsync("250-localhost\r\n250 AUTH PLAIN\r\n");
                }
                else if (line.StartsWith("AUTH PLAIN ", StringComparison.OrdinalIgnoreCase))
                {
                    var token = line["AUTH PLAIN ".Length..];
                    var password = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('\0')[^1];
                    await c.WriteAsync($"535 5.7.8 Bad credentials {token} ({password})\r\n");
                }
                else
                {
                    await c.WriteAsync("221 Bye\r\n");
                    return;
                }
            }
        });
        await using var transport = SmtpTest.Create(SesTransportKind.TlsWrapperSmtp, server.Port, loggerFactory: logs);

        var ex = await Assert.ThrowsAsync<SesAuthenticationException>(() => transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken));

        Assert.Equal(535, ex.SmtpStatusCode);
        Assert.Contains("Bad credentials", ex.ServerMessage, StringComparison.Ordinal);
        Assert.Contains("***", ex.ServerMessage, StringComparison.Ordinal);
        SmtpTest.AssertNoSecret(ex.ToString());
        SmtpTest.AssertNoSecret(ex.ServerMessage!);
        Assert.NotEmpty(logs.Lines);
        SmtpTest.AssertNoSecret(logs.AllText);
    }
}
