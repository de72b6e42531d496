using System.Net;
using MailKit.Net.Smtp;

namespace Ses.Transport.Testing.Tests.Sandbox;

/// <summary>Each injected fault, seen by MailKit, by the library's transports and by an HTTPS client.</summary>
public class SandboxFaultTests
{
    [Fact]
    public async Task ThrottleNext_Smtp_454ThenAccepts()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        sandbox.Faults.ThrottleNext(1);
        using var client = await SandboxClients.AuthenticatedMailKitAsync(sandbox);

        var error = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(SandboxClients.Message("first")));
        await client.SendAsync(SandboxClients.Message("second"));

        Assert.Equal(454, (int)error.StatusCode);
        Assert.Equal("Throttling failure: Maximum sending rate exceeded.", error.Message);
        Assert.Equal(["second"], (await sandbox.WaitForMessagesAsync(1)).Select(m => m.Subject));
    }

    [Fact]
    public async Task ThrottleNext_LibraryTransport_RetriesAndSucceeds()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        sandbox.Faults.ThrottleNext(2);
        await using var transport = SandboxClients.Smtp(sandbox, SesTransportKind.TlsWrapperSmtp);

        var receipt = await transport.SendAsync(SandboxClients.Message());

        Assert.Equal(3, receipt.Attempts);
        Assert.Single(sandbox.Messages);
    }

    [Fact]
    public async Task ThrottleNext_LibraryTransportWithoutRetries_SesThrottlingException()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        sandbox.Faults.ThrottleNext(1);
        await using var transport = SandboxClients.Smtp(sandbox, SesTransportKind.StartTlsSmtp, o => o.Retry.MaxRetryAttempts = 0);

        var error = await Assert.ThrowsAsync<SesThrottlingException>(() => transport.SendAsync(SandboxClients.Message()));

        Assert.True(error.IsTransient);
        Assert.Equal(454, error.SmtpStatusCode);
    }

    [Fact]
    public async Task ThrottleNext_Https_429TooManyRequestsThenAccepts()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        sandbox.Faults.ThrottleNext(1);

        using var first = await SandboxClients.SendRawAsync(sandbox);
        using var second = await SandboxClients.SendRawAsync(sandbox);

        await SandboxApiTests.AssertErrorAsync(first, (HttpStatusCode)429, "TooManyRequestsException");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task LimitSendRate_SecondSendWithinPeriod_Throttled()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        sandbox.Faults.LimitSendRate(0.01);

        using var first = await SandboxClients.SendRawAsync(sandbox);
        using var second = await SandboxClients.SendRawAsync(sandbox);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await SandboxApiTests.AssertErrorAsync(second, (HttpStatusCode)429, "TooManyRequestsException");
    }

    [Fact]
    public async Task RejectNext_Smtp_554MessageRejected()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        sandbox.Faults.RejectNext(1, "Email address is not verified.");
        await using var transport = SandboxClients.Smtp(sandbox, SesTransportKind.StartTlsSmtp);

        var error = await Assert.ThrowsAsync<SesMessageRejectedException>(() => transport.SendAsync(SandboxClients.Message()));

        Assert.False(error.IsTransient);
        Assert.Equal(554, error.SmtpStatusCode);
        Assert.Contains("Message rejected: Email address is not verified.", error.Message, StringComparison.Ordinal);
        Assert.Empty(sandbox.Messages);
    }

    [Fact]
    public async Task RejectNext_Https_400MessageRejected()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        sandbox.Faults.RejectNext(1);

        using var response = await SandboxClients.SendRawAsync(sandbox);

        var message = await SandboxApiTests.AssertErrorAsync(response, HttpStatusCode.BadRequest, "MessageRejected");
        Assert.Equal(SandboxFaults.DefaultRejectReason, message);
    }

    [Fact]
    public async Task DropConnectionMidData_MailKit_ConnectionLostNothingRecorded()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        sandbox.Faults.DropConnectionMidData();
        using var client = await SandboxClients.AuthenticatedMailKitAsync(sandbox);

        var error = await Record.ExceptionAsync(() => client.SendAsync(SandboxClients.Message()));

        Assert.True(error is IOException or MailKit.ServiceNotConnectedException or SmtpProtocolException, $"Unexpected {error}");
        Assert.Empty(sandbox.Messages);
        using var next = await SandboxClients.AuthenticatedMailKitAsync(sandbox);
        await next.SendAsync(SandboxClients.Message("after the drop"));
        Assert.Equal("after the drop", (await sandbox.WaitForMessageAsync()).Subject);
    }

    [Fact]
    public async Task DropConnectionMidData_LibraryTransportWithoutRetries_SesConnectionException()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        sandbox.Faults.DropConnectionMidData();
        await using var transport = SandboxClients.Smtp(sandbox, SesTransportKind.StartTlsSmtp, o => o.Retry.MaxRetryAttempts = 0);

        var error = await Assert.ThrowsAsync<SesConnectionException>(() => transport.SendAsync(SandboxClients.Message()));

        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task DropConnectionMidData_Https_ConnectionClosedWithoutResponse()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        sandbox.Faults.DropConnectionMidData();

        await Assert.ThrowsAsync<HttpRequestException>(() => SandboxClients.SendRawAsync(sandbox));

        Assert.Empty(sandbox.Messages);
    }

    [Fact]
    public async Task AdvertiseNoStartTls_EhloWithoutStartTlsAndTransportRefuses()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        sandbox.Faults.AdvertiseNoStartTls();
        var (smtp, _) = await RawSmtp.ConnectAsync(sandbox.StartTlsSmtpEndpoint);
        await using var __ = smtp;
        await using var transport = SandboxClients.Smtp(sandbox, SesTransportKind.StartTlsSmtp);

        var ehlo = await smtp.CommandAsync("EHLO client.example");
        var error = await Assert.ThrowsAsync<SesTlsException>(() => transport.SendAsync(SandboxClients.Message()));

        Assert.DoesNotContain("STARTTLS", ehlo, StringComparison.Ordinal);
        Assert.Equal(TlsFailure.StartTlsNotOffered, error.Failure);
        Assert.Empty(sandbox.Messages);
    }

    public static TheoryData<SesTransportKind> SmtpKinds => new() { SesTransportKind.StartTlsSmtp, SesTransportKind.TlsWrapperSmtp };

    [Theory]
    [MemberData(nameof(SmtpKinds))]
    public async Task OfferOnlyTls11_Tls12Client_HandshakeRefused(SesTransportKind kind)
    {
        await using var sandbox = await SesSandbox.StartAsync();
        sandbox.Faults.OfferOnlyTls11();
        await using var transport = SandboxClients.Smtp(sandbox, kind, o => o.Retry.MaxRetryAttempts = 0);

        var error = await Assert.ThrowsAsync<SesTlsException>(() => transport.SendAsync(SandboxClients.Message()));

        Assert.Contains(error.Failure, new[] { TlsFailure.HandshakeFailed, TlsFailure.ProtocolVersionTooLow });
        Assert.Empty(sandbox.Messages);
    }

    [Fact]
    public async Task OfferOnlyTls11_Https_HandshakeRefused()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        sandbox.Faults.OfferOnlyTls11();

        await Assert.ThrowsAsync<HttpRequestException>(() => SandboxClients.SendSignedAsync(sandbox, HttpMethod.Get, "v2/email/account"));
    }

    [Theory]
    [MemberData(nameof(SmtpKinds))]
    public async Task PresentUntrustedCertificate_Transport_CertificateUntrusted(SesTransportKind kind)
    {
        await using var sandbox = await SesSandbox.StartAsync();
        sandbox.Faults.PresentUntrustedCertificate();
        await using var transport = SandboxClients.Smtp(sandbox, kind, o => o.Retry.MaxRetryAttempts = 0);

        var error = await Assert.ThrowsAsync<SesTlsException>(() => transport.SendAsync(SandboxClients.Message()));

        Assert.Equal(TlsFailure.CertificateUntrusted, error.Failure);
    }

    [Theory]
    [MemberData(nameof(SmtpKinds))]
    public async Task PresentWrongHostCertificate_Transport_CertificateNameMismatch(SesTransportKind kind)
    {
        await using var sandbox = await SesSandbox.StartAsync();
        sandbox.Faults.PresentWrongHostCertificate();
        await using var transport = SandboxClients.Smtp(sandbox, kind, o => o.Retry.MaxRetryAttempts = 0);

        var error = await Assert.ThrowsAsync<SesTlsException>(() => transport.SendAsync(SandboxClients.Message()));

        Assert.Equal(TlsFailure.CertificateNameMismatch, error.Failure);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CertificateFaults_Https_ClientRefusesConnection(bool untrusted)
    {
        await using var sandbox = await SesSandbox.StartAsync();
        if (untrusted)
        {
            sandbox.Faults.PresentUntrustedCertificate();
        }
        else
        {
            sandbox.Faults.PresentWrongHostCertificate();
        }

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => SandboxClients.SendSignedAsync(sandbox, HttpMethod.Get, "v2/email/account"));

        Assert.IsType<System.Security.Authentication.AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task Reset_AfterEveryFault_SendsWorkAgain()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        sandbox.Faults.ThrottleNext(5);
        sandbox.Faults.RejectNext(5);
        sandbox.Faults.DropConnectionMidData(5);
        sandbox.Faults.LimitSendRate(0.01);
        sandbox.Faults.AdvertiseNoStartTls();
        sandbox.Faults.OfferOnlyTls11();
        sandbox.Faults.PresentWrongHostCertificate();

        sandbox.Faults.Reset();
        await using var transport = SandboxClients.Smtp(sandbox, SesTransportKind.StartTlsSmtp, o => o.Retry.MaxRetryAttempts = 0);
        var receipt = await transport.SendAsync(SandboxClients.Message());
        using var response = await SandboxClients.SendRawAsync(sandbox);

        Assert.Equal(1, receipt.Attempts);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(sandbox.Faults.StartTlsAdvertised);
        Assert.False(sandbox.Faults.OnlyTls11Offered);
    }

    [Fact]
    public void FaultCounts_Negative_Throw()
    {
        var faults = new SandboxFaults();

        Assert.Throws<ArgumentOutOfRangeException>(() => faults.ThrottleNext(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.RejectNext(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.DropConnectionMidData(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.LimitSendRate(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.LimitSendRate(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.LimitSendRate(1e-9));
    }
}
