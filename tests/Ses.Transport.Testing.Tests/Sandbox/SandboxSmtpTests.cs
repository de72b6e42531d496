using System.Net;
using MailKit.Net.Smtp;
using MimeKit;

namespace Ses.Transport.Testing.Tests.Sandbox;

/// <summary>The SES-like SMTP dialogue on both ports, with MailKit directly, a raw socket, and the library's transports.</summary>
public class SandboxSmtpTests
{
    public static TheoryData<SesTransportKind> Kinds => new() { SesTransportKind.StartTlsSmtp, SesTransportKind.TlsWrapperSmtp };

    [Fact]
    public async Task Ehlo_BeforeTls_OffersStartTlsSizeAnd8BitMimeOnly()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        var (smtp, greeting) = await RawSmtp.ConnectAsync(sandbox.StartTlsSmtpEndpoint);
        await using var _ = smtp;

        var ehlo = await smtp.CommandAsync("EHLO client.example");

        Assert.StartsWith("220 ", greeting, StringComparison.Ordinal);
        var extensions = Extensions(ehlo);
        Assert.Equal(["8BITMIME", "SIZE 10485760", "STARTTLS"], extensions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Ehlo_AfterStartTls_OffersAuthPlainLoginAndNoPipelining()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        var (smtp, _) = await RawSmtp.ConnectAsync(sandbox.StartTlsSmtpEndpoint);
        await using var __ = smtp;
        await smtp.CommandAsync("EHLO client.example");

        var ready = await smtp.CommandAsync("STARTTLS");
        await smtp.StartTlsAsync(sandbox.CertificateAuthority);
        var ehlo = await smtp.CommandAsync("EHLO client.example");

        Assert.StartsWith("220", ready, StringComparison.Ordinal);
        Assert.Equal(["8BITMIME", "AUTH PLAIN LOGIN", "SIZE 10485760"], Extensions(ehlo).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("AUTH PLAIN AHgAeQ==")]
    [InlineData("AUTH LOGIN")]
    [InlineData("auth plain")]
    public async Task Auth_BeforeStartTls_530MustIssueStartTlsFirstAndNoPrompt(string command)
    {
        await using var sandbox = await SesSandbox.StartAsync();
        var (smtp, _) = await RawSmtp.ConnectAsync(sandbox.StartTlsSmtpEndpoint);
        await using var __ = smtp;
        await smtp.CommandAsync("EHLO client.example");

        var reply = await smtp.CommandAsync(command);
        var startTls = await smtp.CommandAsync("STARTTLS");

        // Exactly SES's reply, and no 334 prompt that would ask for credentials in clear; the session goes on.
        Assert.Equal("530 Must issue a STARTTLS command first\n", reply);
        Assert.StartsWith("220", startTls, StringComparison.Ordinal);
        Assert.Empty(sandbox.Messages);
    }

    [Fact]
    public async Task Mail_WithoutAuth_Refused()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        using var client = await SandboxClients.MailKitAsync(sandbox, SesTransportKind.TlsWrapperSmtp);

        // MailKit reads the 530 reply to MAIL FROM as "authentication required".
        await Assert.ThrowsAsync<MailKit.ServiceNotAuthenticatedException>(() => client.SendAsync(SandboxClients.Message()));

        Assert.Empty(sandbox.Messages);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task MailKit_AuthAndSend_250OkWithSesMessageId(SesTransportKind kind)
    {
        await using var sandbox = await SesSandbox.StartAsync();
        using var client = await SandboxClients.MailKitAsync(sandbox, kind);

        Assert.False(client.Capabilities.HasFlag(SmtpCapabilities.Pipelining));
        Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.EightBitMime));
        Assert.Equal(["LOGIN", "PLAIN"], client.AuthenticationMechanisms.Order(StringComparer.Ordinal));
        await client.AuthenticateAsync(sandbox.SmtpCredentials.UserName, sandbox.SmtpCredentials.Password);
        var reply = await client.SendAsync(SandboxClients.Message("via MailKit"));
        await client.DisconnectAsync(true);

        var recorded = await sandbox.WaitForMessageAsync();
        Assert.Equal("Ok " + recorded.Id, reply);
        Assert.Equal(kind, recorded.Transport);
        Assert.Equal("via MailKit", recorded.Subject);
        Assert.Equal("sender@example.com", recorded.From);
        Assert.NotEqual(System.Security.Authentication.SslProtocols.None, recorded.TlsProtocol);
        Assert.NotNull(recorded.TlsCipherSuite);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task MailKit_WrongPassword_535(SesTransportKind kind)
    {
        await using var sandbox = await SesSandbox.StartAsync();
        using var client = await SandboxClients.MailKitAsync(sandbox, kind);

        // The raw secret is not the SMTP password: SES wants the derived one.
        await Assert.ThrowsAsync<MailKit.Security.AuthenticationException>(() => client.AuthenticateAsync(sandbox.Credentials.AccessKeyId, sandbox.Credentials.SecretAccessKey));
    }

    [Fact]
    public async Task IdleConnection_ClosedAfterIdleTimeout()
    {
        await using var sandbox = await SesSandbox.StartAsync(new SesSandboxOptions { IdleTimeout = TimeSpan.FromMilliseconds(500) });
        var (smtp, _) = await RawSmtp.ConnectAsync(sandbox.StartTlsSmtpEndpoint);
        await using var __ = smtp;

        // No command sent: the server speaks first (221 timeout) and closes.
        var reply = await smtp.ReadReplyAsync();
        var after = await smtp.ReadReplyAsync();

        Assert.StartsWith("221", reply, StringComparison.Ordinal);
        Assert.Equal("(closed)", after);
    }

    [Fact]
    public void Options_DefaultIdleTimeout_TenSeconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), new SesSandboxOptions().IdleTimeout);
    }

    [Fact]
    public async Task Smtp_SesHeaders_ConfigurationSetAndTagsHonoured()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        sandbox.ConfigurationSets.Seed("smtp-set");
        await using var transport = SandboxClients.Smtp(sandbox, SesTransportKind.StartTlsSmtp);
        var message = SandboxClients.Message("tagged");
        message.Headers.Add("X-SES-CONFIGURATION-SET", "smtp-set");
        message.Headers.Add("X-SES-MESSAGE-TAGS", "a=1, b=two");

        await transport.SendAsync(message);

        var recorded = await sandbox.WaitForMessageAsync();
        Assert.Equal("smtp-set", recorded.ConfigurationSet);
        Assert.Equal([new("a", "1"), new("b", "two")], recorded.Tags);
    }

    [Fact]
    public async Task Smtp_UnknownConfigurationSet_554()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        using var client = await SandboxClients.AuthenticatedMailKitAsync(sandbox);
        var message = SandboxClients.Message();
        message.Headers.Add("X-SES-CONFIGURATION-SET", "missing-set");

        var error = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(message));

        Assert.Equal(554, (int)error.StatusCode);
        Assert.Contains("Configuration set does not exist", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task LibraryTransport_Send_ReceiptMatchesRecord(SesTransportKind kind)
    {
        await using var sandbox = await SesSandbox.StartAsync();
        await using var transport = SandboxClients.Smtp(sandbox, kind);

        var receipt = await transport.SendAsync(SandboxClients.Message("library " + kind));

        var recorded = await sandbox.WaitForMessageAsync(m => m.Id == receipt.MessageId);
        Assert.Equal(kind, recorded.Transport);
        Assert.Equal(receipt.TlsProtocol, recorded.TlsProtocol);
        Assert.Equal("library " + kind, recorded.Parse().Subject);
    }

    [Fact]
    public async Task LibraryTransport_MinimumTls13_NegotiatesTls13()
    {
        await using var sandbox = await SesSandbox.StartAsync(new SesSandboxOptions { MinimumTlsVersion = MinimumTlsVersion.Tls13 });
        await using var transport = SandboxClients.Smtp(sandbox, SesTransportKind.TlsWrapperSmtp);

        await transport.SendAsync(SandboxClients.Message());

        Assert.Equal(System.Security.Authentication.SslProtocols.Tls13, (await sandbox.WaitForMessageAsync()).TlsProtocol);
    }

    private static List<string> Extensions(string ehloReply) =>
        [.. ehloReply.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l[4..].Trim())];
}
