using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Ses.Transport.Tests.Shared;
using Ses.Transport.Tests.Smtp.Peers;

namespace Ses.Transport.Tests.Smtp;

/// <summary>
/// Servers that cannot or will not give the TLS the transports require: each is refused with a typed
/// <see cref="SesTlsException"/>, and what the server received shows that nothing sensitive was sent.
/// </summary>
public sealed class SmtpTlsRefusalTests
{
    private static readonly Lazy<X509Certificate2> Unrelated = new(() => TestCertificates.IssueServer(TestCertificates.CreateAuthority("Unrelated CA"), "localhost"));
    private static readonly Lazy<X509Certificate2> Expired = new(() => TestCertificates.IssueServer(
        TestCertificates.Authority, "localhost", new DateTimeOffset(TestCertificates.Authority.NotBefore).AddMinutes(1), DateTimeOffset.UtcNow.AddMinutes(-5)));
    private static readonly Lazy<X509Certificate2> OtherHost = new(() => TestCertificates.IssueServer(TestCertificates.Authority, "mail.other.example"));

    public static TheoryData<SesTransportKind> Kinds => [.. SmtpTest.Kinds];

    [Theory]
    [MemberData(nameof(Kinds))]
    public Task SendAsync_CertificateFromUnrelatedCa_CertificateUntrustedNothingSent(SesTransportKind kind) =>
        AssertRefusedAsync(kind, s => s.Certificate = Unrelated.Value, TlsFailure.CertificateUntrusted);

    [Theory]
    [MemberData(nameof(Kinds))]
    public Task SendAsync_ExpiredCertificate_CertificateExpiredNothingSent(SesTransportKind kind) =>
        AssertRefusedAsync(kind, s => s.Certificate = Expired.Value, TlsFailure.CertificateExpired);

    [Theory]
    [MemberData(nameof(Kinds))]
    public Task SendAsync_CertificateForAnotherHost_CertificateNameMismatchNothingSent(SesTransportKind kind) =>
        AssertRefusedAsync(kind, s => s.Certificate = OtherHost.Value, TlsFailure.CertificateNameMismatch);

    [Theory]
    [MemberData(nameof(Kinds))]
    public Task SendAsync_Tls13RequiredServerOffersOnlyTls12_ProtocolVersionTooLowNothingSent(SesTransportKind kind) =>
        AssertRefusedAsync(kind, s => s.Protocols = SslProtocols.Tls12, TlsFailure.ProtocolVersionTooLow, o => o.Tls.MinimumVersion = MinimumTlsVersion.Tls13);

    [Fact]
    public Task SendAsync_RevocationCheckRequiredCertificateWithoutRevocationInfo_CertificateRevokedNothingSent() =>
        AssertRefusedAsync(SesTransportKind.StartTlsSmtp, _ => { }, TlsFailure.CertificateRevoked, o => o.Tls.RevocationMode = X509RevocationMode.Online);

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task SendAsync_Tls13Required_NegotiatesTls13(SesTransportKind kind)
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        await using var transport = SmtpTest.Create(kind, server.PortFor(kind), o => o.Tls.MinimumVersion = MinimumTlsVersion.Tls13);

        var receipt = await transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken);

        Assert.Equal(SslProtocols.Tls13, receipt.TlsProtocol);
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task SendAsync_ServerDoesNotOfferStartTls_StartTlsNotOfferedNothingSentInClear()
    {
        // Advertises AUTH in clear as bait; a transport that fell back to plaintext would use it.
        await using var server = ScriptedSmtpServer.Start(async c =>
        {
            await c.WriteAsync("220 localhost ESMTP\r\n");
            await c.ServeAsync(["AUTH PLAIN LOGIN", "8BITMIME"]);
        });
        await using var transport = SmtpTest.Create(SesTransportKind.StartTlsSmtp, server.Port);

        var ex = await Assert.ThrowsAsync<SesTlsException>(() => transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken));

        Assert.Equal(TlsFailure.StartTlsNotOffered, ex.Failure);
        Assert.False(ex.IsTransient);
        Assert.Single(server.Connections);
        SmtpTest.AssertNothingSensitiveSentInClear(server.Plaintext);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task SendAsync_StartTlsAnsweredWith454_StartTlsRefusedNothingSentInClear()
    {
        await using var server = ScriptedSmtpServer.Start(async c =>
        {
            await c.WriteAsync("220 localhost ESMTP\r\n");
            await c.ReadCommandAsync();
            await c.WriteAsync("250-localhost\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n");
            await c.ReadCommandAsync();
            await c.WriteAsync("454 4.7.0 TLS not available due to temporary reason\r\n");
            while (await c.ReadCommandAsync() is not null)
            {
                await c.WriteAsync("530 5.7.0 Must issue a STARTTLS command first\r\n");
            }
        });
        await using var transport = SmtpTest.Create(SesTransportKind.StartTlsSmtp, server.Port);

        var ex = await Assert.ThrowsAsync<SesTlsException>(() => transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken));

        Assert.Equal(TlsFailure.StartTlsRefused, ex.Failure);
        Assert.Equal(454, ex.SmtpStatusCode);
        Assert.Contains("TLS not available", ex.ServerMessage, StringComparison.Ordinal);
        Assert.Single(server.Connections);
        SmtpTest.AssertNothingSensitiveSentInClear(server.Plaintext);
    }

    [Fact]
    public async Task SendAsync_PlaintextInjectedWithTheStartTlsReply_PlaintextInjectionNothingSent()
    {
        // RFC 3207 §4.2 / CVE-2011-0411: a fake EHLO reply (no AUTH, SIZE 10) rides along with "220 Ready to start TLS".
        await using var server = ScriptedSmtpServer.Start(async c =>
        {
            await c.WriteAsync("220 localhost ESMTP\r\n");
            await c.ReadCommandAsync();
            await c.WriteAsync("250-localhost\r\n250 STARTTLS\r\n");
            await c.ReadCommandAsync();
            await c.WriteAsync("220 2.0.0 Ready to start TLS\r\n250-injected\r\n250-SIZE 10\r\n250 8BITMIME\r\n");
            await c.UpgradeAsync();
            await c.ServeAsync(["AUTH PLAIN LOGIN"]);
        });
        await using var transport = SmtpTest.Create(SesTransportKind.StartTlsSmtp, server.Port);

        var ex = await Assert.ThrowsAsync<SesTlsException>(() => transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken));

        Assert.Equal(TlsFailure.PlaintextInjection, ex.Failure);
        var connection = Assert.Single(server.Connections);
        Assert.Equal(["EHLO", "STARTTLS"], connection.Commands.Select(c => c.Split(' ')[0]));
        Assert.False(connection.IsTls);
        SmtpTest.AssertNothingSensitiveSentInClear(server.Plaintext);
    }

    [Fact]
    public async Task SendAsync_PlaintextSentAfterTheStartTlsReply_PlaintextInjectionNothingSent()
    {
        // The same injection in its own TCP segment, after the reply: the first "handshake" bytes are not TLS.
        await using var server = ScriptedSmtpServer.Start(async c =>
        {
            await c.WriteAsync("220 localhost ESMTP\r\n");
            await c.ReadCommandAsync();
            await c.WriteAsync("250-localhost\r\n250 STARTTLS\r\n");
            await c.ReadCommandAsync();
            await c.WriteAsync("220 2.0.0 Ready to start TLS\r\n");
            await Task.Delay(50);
            await c.WriteAsync("250-injected\r\n250 AUTH PLAIN\r\n");
            await c.UpgradeAsync();
            await c.ServeAsync(["AUTH PLAIN LOGIN"]);
        });
        await using var transport = SmtpTest.Create(SesTransportKind.StartTlsSmtp, server.Port);

        var ex = await Assert.ThrowsAsync<SesTlsException>(() => transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken));

        Assert.Equal(TlsFailure.PlaintextInjection, ex.Failure);
        var connection = Assert.Single(server.Connections);
        Assert.Equal(["EHLO", "STARTTLS"], connection.Commands.Select(c => c.Split(' ')[0]));
        SmtpTest.AssertNothingSensitiveSentInClear(server.Plaintext);
    }

    [Fact]
    public async Task SendAsync_TlsWrapperToPlaintextServer_HandshakeFailedNothingSent()
    {
        await using var server = ScriptedSmtpServer.Start(async c =>
        {
            await c.WriteAsync("220 localhost ESMTP\r\n");
            await c.ServeAsync(["AUTH PLAIN LOGIN"]);
        });
        await using var transport = SmtpTest.Create(SesTransportKind.TlsWrapperSmtp, server.Port);

        var ex = await Assert.ThrowsAsync<SesTlsException>(() => transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken));

        Assert.Equal(TlsFailure.HandshakeFailed, ex.Failure);
        Assert.DoesNotContain(server.Connections.SelectMany(c => c.Commands), c => c.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase));
        SmtpTest.AssertNothingSensitiveSentInClear(server.Plaintext);
    }

    private static async Task AssertRefusedAsync(
        SesTransportKind kind,
        Action<InProcessSmtpServer.Settings> server,
        TlsFailure expected,
        Action<Ses.Transport.Smtp.SmtpTransportOptions>? configure = null)
    {
        await using var smtp = await InProcessSmtpServer.StartAsync(server);
        await using var transport = SmtpTest.Create(kind, smtp.PortFor(kind), configure);

        var ex = await Assert.ThrowsAsync<SesTlsException>(() => transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken));

        Assert.Equal(expected, ex.Failure);
        Assert.False(ex.IsTransient);
        Assert.Equal(kind, ex.Transport);
        Assert.True(await smtp.WaitUntilAsync(s => s.SessionsEnded == s.SessionsCreated));
        Assert.Equal(1, smtp.SessionsCreated);
        Assert.All(smtp.Commands, c => Assert.Contains(c, new[] { "EHLO", "STARTTLS" }));
        Assert.Equal(0, smtp.SaveCalls);
    }
}
