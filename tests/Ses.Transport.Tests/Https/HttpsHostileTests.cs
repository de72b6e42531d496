using System.Globalization;
using System.Security.Authentication;
using MimeKit;
using Ses.Transport.Credentials;
using Ses.Transport.Https;
using Ses.Transport.Tests.Https.Fixtures;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Tests.Https;

/// <summary><see cref="HttpsTransport"/> against servers that refuse, throttle, reject, disagree about the time or hand out bad certificates.</summary>
public sealed class HttpsHostileTests
{
    [Fact]
    public async Task SendAsync_ServerOffersOnlyTls11_ProtocolVersionTooLowNothingSent()
    {
        Peer.Require(Peer.OnPath("openssl"), "openssl (apt-get install openssl)");
        var folder = Directory.CreateTempSubdirectory("ses-https-tls11-").FullName;
        try
        {
            var (cert, key) = TestCertificates.WritePem(TestCertificates.Localhost, folder);
            var port = FreePort.Next();
            await using var server = await ExternalProcess.StartAsync(
                "openssl",
                ["s_server", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0", "-accept", $"127.0.0.1:{port}", "-cert", cert, "-key", key, "-naccept", "1", "-www"],
                readyPattern: "^ACCEPT",
                timeout: TimeSpan.FromSeconds(10));
            await using var transport = new HttpsTransport(HttpsTest.Options(new Uri($"https://127.0.0.1:{port}/")));

            var ex = await Assert.ThrowsAsync<SesTlsException>(() => transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken));

            Assert.Equal(TlsFailure.ProtocolVersionTooLow, ex.Failure);
            Assert.False(ex.IsTransient);
            Assert.Equal(SesTransportKind.Https, ex.Transport);
            Assert.True(await server.WaitForOutputAsync("unsupported protocol|ERROR|no protocols available|version", TimeSpan.FromSeconds(5)), server.Output);
            Assert.DoesNotContain("outbound-emails", server.Output, StringComparison.Ordinal);
            HttpsTest.AssertNoSecret(ex.ToString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task SendAsync_ServerOnlyTls12WithMinimumTls13_ProtocolVersionTooLowNothingSent()
    {
        await using var server = await SesApiRecorder.StartAsync(protocols: SslProtocols.Tls12);
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri, configure: o => o.Tls.MinimumVersion = MinimumTlsVersion.Tls13));

        var ex = await Assert.ThrowsAsync<SesTlsException>(() => transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken));

        Assert.Equal(TlsFailure.ProtocolVersionTooLow, ex.Failure);
        Assert.Equal(0, server.Count);
    }

    [Fact]
    public async Task SendAsync_CertificateFromUnknownAuthority_CertificateUntrustedNothingSent()
    {
        var stranger = TestCertificates.CreateAuthority("Stranger CA");
        await using var server = await SesApiRecorder.StartAsync(TestCertificates.IssueServer(stranger, "localhost"));
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri));

        var ex = await Assert.ThrowsAsync<SesTlsException>(() => transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken));

        Assert.Equal(TlsFailure.CertificateUntrusted, ex.Failure);
        Assert.False(ex.IsTransient);
        Assert.Equal(0, server.Count);
    }

    [Fact]
    public async Task SendAsync_CertificateForAnotherHost_CertificateNameMismatchNothingSent()
    {
        await using var server = await SesApiRecorder.StartAsync(TestCertificates.IssueServer(TestCertificates.Authority, "email.other.example"));
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri));

        var ex = await Assert.ThrowsAsync<SesTlsException>(() => transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken));

        Assert.Equal(TlsFailure.CertificateNameMismatch, ex.Failure);
        Assert.Equal(0, server.Count);
    }

    [Fact]
    public async Task SendAsync_ExpiredCertificate_CertificateExpiredNothingSent()
    {
        var expired = TestCertificates.IssueServer(TestCertificates.Authority, "localhost", new DateTimeOffset(TestCertificates.Authority.NotBefore.ToUniversalTime()).AddMinutes(1), DateTimeOffset.UtcNow.AddHours(-1));
        await using var server = await SesApiRecorder.StartAsync(expired);
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri));

        var ex = await Assert.ThrowsAsync<SesTlsException>(() => transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken));

        Assert.Equal(TlsFailure.CertificateExpired, ex.Failure);
        Assert.Equal(0, server.Count);
    }

    [Fact]
    public async Task SendAsync_Throttled429ThreeTimes_RetriedThenExactlyOneDelivery()
    {
        await using var server = await SesApiRecorder.StartAsync();
        server.Responder = (_, n) => n <= 3
            ? ScriptedResponse.Error(429, "TooManyRequestsException", "Too many requests")
            : ScriptedResponse.Ok("0100-after-throttling");
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri, configure: o => o.Retry.MaxRetryAttempts = 5));

        var receipt = await transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);

        Assert.Equal("0100-after-throttling", receipt.MessageId);
        Assert.Equal(4, receipt.Attempts);
        Assert.Equal(4, server.Count);
        var bodies = server.Requests.Select(r => Convert.ToBase64String(r.Body)).Distinct().Count();
        Assert.Equal(1, bodies);
    }

    [Fact]
    public async Task SendAsync_ThrottledBeyondRetries_TransientThrottlingException()
    {
        await using var server = await SesApiRecorder.StartAsync();
        server.Responder = (_, _) => new ScriptedResponse(400, """{"message":"Maximum sending rate exceeded."}""", new Dictionary<string, string> { ["x-amzn-ErrorType"] = "ThrottlingException:http://internal.amazon.com/coral/" });
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri, configure: o => o.Retry.MaxRetryAttempts = 2));

        var ex = await Assert.ThrowsAsync<SesThrottlingException>(() => transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken));

        Assert.True(ex.IsTransient);
        Assert.Equal("ThrottlingException", ex.ErrorType);
        Assert.Equal("Maximum sending rate exceeded.", ex.ServerMessage);
        Assert.Equal(3, server.Count);
    }

    [Fact]
    public async Task SendAsync_MessageRejected400_NotRetriedExactlyOneRequest()
    {
        await using var server = await SesApiRecorder.StartAsync();
        server.Responder = (_, _) => ScriptedResponse.Error(400, "MessageRejected", "Email address is not verified.");
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri));

        var ex = await Assert.ThrowsAsync<SesMessageRejectedException>(() => transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken));

        Assert.False(ex.IsTransient);
        Assert.Equal("MessageRejected", ex.ErrorType);
        Assert.Equal("Email address is not verified.", ex.ServerMessage);
        Assert.Equal(400, ex.HttpStatusCode);
        Assert.Equal("req-1", ex.RequestId);
        Assert.Equal(SesTransportKind.Https, ex.Transport);
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task SendAsync_ServiceUnavailableOnce_RetriedThenDelivered()
    {
        await using var server = await SesApiRecorder.StartAsync();
        server.Responder = (_, n) => n == 1 ? new ScriptedResponse(503, "<html>busy</html>") : ScriptedResponse.Ok("0100-after-503");

        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri));
        var receipt = await transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);

        Assert.Equal("0100-after-503", receipt.MessageId);
        Assert.Equal(2, receipt.Attempts);
    }

    [Fact]
    public async Task SendAsync_ClockAnHourBehind_OneResignWithServerTimeThenSuccess()
    {
        await using var server = await SesApiRecorder.StartAsync();
        server.Responder = SkewChecking;
        var clock = new ShiftedTimeProvider(TimeSpan.FromHours(-1));
        var logs = new RecordingLoggerFactory();
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri), loggerFactory: logs, timeProvider: clock);

        var receipt = await transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);

        Assert.Equal(1, receipt.Attempts);
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.InRange(HttpsTest.AmzDate(requests[0]), DateTimeOffset.UtcNow.AddMinutes(-61), DateTimeOffset.UtcNow.AddMinutes(-59));
        Assert.InRange(HttpsTest.AmzDate(requests[1]), DateTimeOffset.UtcNow.AddSeconds(-10), DateTimeOffset.UtcNow.AddSeconds(10));
        Assert.Equal(HttpsTest.ExpectedAuthorization(requests[1], HttpsTest.Credentials), requests[1].Header("authorization"));
        Assert.Contains("clock skew", logs.AllText, StringComparison.Ordinal);

        // The offset is kept: the next message is signed with the server's time at once.
        await transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);
        Assert.Equal(3, server.Count);
    }

    [Fact]
    public async Task SendAsync_SkewRefusedAgainAfterResign_AuthenticationErrorAfterExactlyOneResign()
    {
        await using var server = await SesApiRecorder.StartAsync();
        server.Responder = (_, _) => ScriptedResponse.Error(403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.",
            new Dictionary<string, string> { ["Date"] = DateTimeOffset.UtcNow.AddHours(2).ToString("r", CultureInfo.InvariantCulture) });
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri));

        var ex = await Assert.ThrowsAsync<SesAuthenticationException>(() => transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken));

        Assert.Equal("RequestTimeTooSkewed", ex.ErrorType);
        Assert.Equal(2, server.Count);
    }

    [Fact]
    public async Task SendAsync_SignatureDoesNotMatchWithoutSkew_NoResign()
    {
        await using var server = await SesApiRecorder.StartAsync();
        server.Responder = (_, _) => ScriptedResponse.Error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri));

        var ex = await Assert.ThrowsAsync<SesAuthenticationException>(() => transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken));

        Assert.Equal("SignatureDoesNotMatch", ex.ErrorType);
        Assert.Equal(1, server.Count);
        HttpsTest.AssertNoSecret(ex.ToString());
    }

    [Fact]
    public async Task SendAsync_CredentialsReplacedMidRun_NextRequestSignedWithNewOnes()
    {
        await using var server = await SesApiRecorder.StartAsync();
        var first = new AwsCredentials("ASIAFIRSTKEY", "first/secret/key/value", "first-session-token", DateTimeOffset.UtcNow.AddMinutes(5));
        var second = new AwsCredentials("ASIASECONDKEY", "second/secret/key/value", "second-session-token", DateTimeOffset.UtcNow.AddHours(1));
        var provider = new RotatingCredentialsProvider(first);
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri, provider));

        await transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);
        provider.Rotate(second);
        await transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);

        var requests = server.Requests.ToArray();
        Assert.Contains("Credential=ASIAFIRSTKEY/", requests[0].Header("authorization"), StringComparison.Ordinal);
        Assert.Equal("first-session-token", requests[0].Header("x-amz-security-token"));
        Assert.Equal(HttpsTest.ExpectedAuthorization(requests[0], first), requests[0].Header("authorization"));
        Assert.Contains("Credential=ASIASECONDKEY/", requests[1].Header("authorization"), StringComparison.Ordinal);
        Assert.Equal("second-session-token", requests[1].Header("x-amz-security-token"));
        Assert.Equal(HttpsTest.ExpectedAuthorization(requests[1], second), requests[1].Header("authorization"));
    }

    [Fact]
    public async Task SendAsync_CredentialsExpiredBetweenAttempts_RetrySignedWithRefreshedOnes()
    {
        await using var server = await SesApiRecorder.StartAsync();
        var old = new AwsCredentials("ASIAOLDKEY", "old/secret", "old-token");
        var fresh = new AwsCredentials("ASIAFRESHKEY", "fresh/secret", "fresh-token");
        var provider = new RotatingCredentialsProvider(old);
        server.Responder = (request, n) =>
        {
            if (n == 1)
            {
                provider.Rotate(fresh);
                return ScriptedResponse.Error(500, "InternalFailure", "try again");
            }

            return ScriptedResponse.Ok("0100-fresh");
        };
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri, provider));

        var receipt = await transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);

        Assert.Equal(2, receipt.Attempts);
        var retry = server.Requests.ToArray()[1];
        Assert.Equal(HttpsTest.ExpectedAuthorization(retry, fresh), retry.Header("authorization"));
    }

    [Fact]
    public async Task SendAsync_ThirtyMegabyteMessage_RoundTripsByteExact()
    {
        await using var server = await SesApiRecorder.StartAsync();
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri));
        var message = HttpsTest.Message();
        var payload = new byte[22 * 1024 * 1024];
        new Random(42).NextBytes(payload);
        var builder = new BodyBuilder { TextBody = "Large attachment follows." };
        builder.Attachments.Add("large.bin", payload, new ContentType("application", "octet-stream"));
        message.Body = builder.ToMessageBody();
        var wire = HttpsTest.Wire(message);
        Assert.InRange(wire.Length, 29L * 1024 * 1024, 31L * 1024 * 1024);

        var receipt = await transport.SendAsync(message, TestContext.Current.CancellationToken);

        var request = server.Single();
        Assert.Equal(wire, HttpsTest.RawData(request));
        Assert.Equal(HttpsTest.ExpectedAuthorization(request, HttpsTest.Credentials), request.Header("authorization"));
        Assert.Equal("0100-recorded-1", receipt.MessageId);
    }

    [Fact]
    public async Task SendAsync_HugeErrorBody_RefusedWithTypedError()
    {
        await using var server = await SesApiRecorder.StartAsync();
        server.Responder = (_, _) => new ScriptedResponse(400, new string('x', 2 * 1024 * 1024));
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri));

        var ex = await Assert.ThrowsAsync<SesServiceException>(() => transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken));

        Assert.False(ex.IsTransient);
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task SendAsync_ServerDoesNotAnswerInTime_TransientConnectionException()
    {
        await using var server = await SesApiRecorder.StartAsync();
        var release = new TaskCompletionSource();
        server.Hold = release.Task;
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri, configure: o =>
        {
            // Long enough that a busy machine still connects and delivers the request (counted below) before it expires.
            o.OperationTimeout = TimeSpan.FromSeconds(3);
            o.Retry.MaxRetryAttempts = 0;
        }));
        try
        {
            var ex = await Assert.ThrowsAsync<SesConnectionException>(() => transport.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken));

            Assert.True(ex.IsTransient);
            Assert.Equal(SesTransportKind.Https, ex.Transport);
            Assert.Equal(1, server.Count);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task SendAsync_CallerCancels_OperationCanceledNotMapped()
    {
        await using var server = await SesApiRecorder.StartAsync();
        var release = new TaskCompletionSource();
        server.Hold = release.Task;
        await using var transport = new HttpsTransport(HttpsTest.Options(server.BaseUri));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        try
        {
            var send = transport.SendAsync(HttpsTest.Message(), cancel.Token);
            await server.FirstRequest.WaitAsync(TestContext.Current.CancellationToken);

            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    private static ScriptedResponse SkewChecking(RecordedRequest request, int n)
    {
        var now = DateTimeOffset.UtcNow;
        return (HttpsTest.AmzDate(request) - now).Duration() > TimeSpan.FromMinutes(5)
            ? ScriptedResponse.Error(403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.",
                new Dictionary<string, string> { ["Date"] = now.ToString("r", CultureInfo.InvariantCulture) })
            : ScriptedResponse.Ok($"0100-skew-{n}");
    }
}
