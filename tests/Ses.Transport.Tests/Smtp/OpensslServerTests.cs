using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Tests.Smtp;

/// <summary>Implicit TLS against <c>openssl s_server</c> restricted to TLS 1.1 (nobody here wrote it).</summary>
public sealed class OpensslServerTests
{
    [Fact]
    public async Task SendAsync_TlsWrapperAgainstTls11OnlyServer_ProtocolVersionTooLowNothingSent()
    {
        Peer.Require(Peer.OnPath("openssl"), "openssl (apt-get install openssl)");
        var folder = Directory.CreateTempSubdirectory("ses-openssl-").FullName;
        try
        {
            var (cert, key) = TestCertificates.WritePem(TestCertificates.Localhost, folder);
            var port = FreePort.Next();
            await using var server = await ExternalProcess.StartAsync(
                "openssl",
                ["s_server", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0", "-accept", $"127.0.0.1:{port}", "-cert", cert, "-key", key, "-naccept", "1"],
                readyPattern: "^ACCEPT",
                timeout: TimeSpan.FromSeconds(10));
            await using var transport = SmtpTest.Create(SesTransportKind.TlsWrapperSmtp, port);

            var ex = await Assert.ThrowsAsync<SesTlsException>(() => transport.SendAsync(SmtpTest.Message(), TestContext.Current.CancellationToken));

            Assert.Equal(TlsFailure.ProtocolVersionTooLow, ex.Failure);
            Assert.False(ex.IsTransient);

            // s_server prints what it decrypts; the handshake never completed, so it has nothing to print.
            Assert.True(await server.WaitForOutputAsync("unsupported protocol|ERROR", TimeSpan.FromSeconds(5)), server.Output);
            Assert.DoesNotContain("EHLO", server.Output, StringComparison.OrdinalIgnoreCase);
            SmtpTest.AssertNoSecret(server.Output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
