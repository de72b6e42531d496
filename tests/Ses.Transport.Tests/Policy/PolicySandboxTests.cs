using MimeKit;
using Ses.Transport.Credentials;
using Ses.Transport.Https;
using Ses.Transport.Policy;
using Ses.Transport.Security;
using Ses.Transport.Smtp;
using Ses.Transport.Testing;
using Ses.Transport.Tests.Shared;
using static Ses.Transport.Tests.Policy.PolicyTest;

namespace Ses.Transport.Tests.Policy;

/// <summary>
/// The policy end to end against the local SES sandbox (<see cref="SesSandbox"/>), through the library's three real
/// transports and the SES API client: configuration sets created and verified over the API, hop-2 outcomes as the
/// sandbox simulates them, failover, rejection, protection and the account's send rate.
/// </summary>
public sealed class PolicySandboxTests : IAsyncLifetime
{
    private const string LegacyDomain = "legacy-mx.example";
    private const string LegacyRecipient = "archive@" + LegacyDomain;
    private const string RequireSet = "policy-tls-required";
    private const string OptionalSet = "policy-tls-optional";

    private SesSandbox _sandbox = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _sandbox = await SesSandbox.StartAsync(cancellationToken: Token);
        _sandbox.Receivers.Declare(LegacyDomain, SandboxReceiverTls.NotSupported);
    }

    public async ValueTask DisposeAsync() => await _sandbox.DisposeAsync();

    [Theory]
    [InlineData(SesTransportKind.Https)]
    [InlineData(SesTransportKind.StartTlsSmtp)]
    [InlineData(SesTransportKind.TlsWrapperSmtp)]
    public async Task SendAsync_RequireToReceiverWithoutTls_SandboxDropsWithRequireSet(SesTransportKind kind)
    {
        var known = new KnownConfigurationSets();
        await EnsureSetAsync(RequireSet, ReceiverTls.Require, known);
        var policy = new DeliveryPolicy();
        policy.ConfigurationSets.Require = RequireSet;
        var rule = Rule("legacy", LegacyDomain);
        rule.ReceiverTls = ReceiverTls.Require;
        policy.Rules.Add(rule);
        await using var transport = new PolicyDrivenTransport(policy, Transports(kind), configurationSets: known);

        var receipt = await transport.SendAsync(Message(LegacyRecipient), Token);

        var recorded = await _sandbox.WaitForMessageAsync(m => m.Id == receipt.MessageId, cancellationToken: Token);
        Assert.Equal(kind, recorded.Transport);
        Assert.Equal(RequireSet, recorded.ConfigurationSet);
        Assert.Equal(SandboxDeliveryOutcome.Dropped, recorded.Outcome);
        Assert.Equal(RequireSet, receipt.ConfigurationSet);
        Assert.Equal(ReceiverTls.Require, receipt.Plan!.ReceiverTls);
    }

    [Theory]
    [InlineData(SesTransportKind.Https)]
    [InlineData(SesTransportKind.StartTlsSmtp)]
    [InlineData(SesTransportKind.TlsWrapperSmtp)]
    public async Task SendAsync_OptionalToReceiverWithoutTls_SandboxDeliversWithoutTls(SesTransportKind kind)
    {
        var known = new KnownConfigurationSets();
        await EnsureSetAsync(OptionalSet, ReceiverTls.Optional, known);
        var policy = new DeliveryPolicy();
        policy.ConfigurationSets.Optional = OptionalSet;
        await using var transport = new PolicyDrivenTransport(policy, Transports(kind), configurationSets: known);

        var receipt = await transport.SendAsync(Message(LegacyRecipient), Token);

        var recorded = await _sandbox.WaitForMessageAsync(m => m.Id == receipt.MessageId, cancellationToken: Token);
        Assert.Equal(kind, recorded.Transport);
        Assert.Equal(OptionalSet, recorded.ConfigurationSet);
        Assert.Equal(SandboxDeliveryOutcome.DeliveredWithoutTls, recorded.Outcome);
        Assert.Equal(ReceiverTls.Optional, receipt.Plan!.ReceiverTls);
    }

    [Fact]
    public async Task SendAsync_RequireSetNotVerifiedOverApi_RefusedSandboxReceivesNothing()
    {
        // The set exists with REQUIRE, but nobody read it back and recorded it: the policy has no evidence.
        _sandbox.ConfigurationSets.Seed(RequireSet, SandboxTlsPolicy.Require);
        var policy = new DeliveryPolicy { ReceiverTls = ReceiverTls.Require };
        policy.ConfigurationSets.Require = RequireSet;
        await using var transport = new PolicyDrivenTransport(policy, Transports(SesTransportKind.Https));

        var ex = await Assert.ThrowsAsync<DeliveryPolicyViolationException>(() => transport.SendAsync(Message(LegacyRecipient), Token));

        Assert.Equal(DeliveryPolicyViolation.ConfigurationSetNotKnownRequire, ex.Violation);
        Assert.Empty(_sandbox.Messages);
    }

    [Fact]
    public async Task SendAsync_HttpsEndpointDead_FailsOverToSmtpDeliveredExactlyOnce()
    {
        var policy = new DeliveryPolicy { Transports = { "https", "smtp" } };
        var transports = new Dictionary<string, ISesTransport>
        {
            ["https"] = new HttpsTransport(HttpsOptions(new Uri($"https://127.0.0.1:{FreePort.Next()}/"))),
            ["smtp"] = new StartTlsSmtpTransport(StartTlsOptions()),
        };
        await using var transport = new PolicyDrivenTransport(policy, transports);

        var receipt = await transport.SendAsync(Message(), Token);

        Assert.Equal(SesTransportKind.StartTlsSmtp, receipt.Transport);
        var recorded = await _sandbox.WaitForMessageAsync(m => m.Id == receipt.MessageId, cancellationToken: Token);
        Assert.Equal(SesTransportKind.StartTlsSmtp, recorded.Transport);
        Assert.Single(_sandbox.Messages);
    }

    [Fact]
    public async Task SendAsync_SandboxRejects_NoFailoverOneAttempt()
    {
        var policy = new DeliveryPolicy { Transports = { "https", "smtp" } };
        var smtp = new CountingTransport(new StartTlsSmtpTransport(StartTlsOptions()));
        var https = new CountingTransport(new HttpsTransport(HttpsOptions(_sandbox.ApiEndpoint)));
        await using var transport = new PolicyDrivenTransport(policy, new Dictionary<string, ISesTransport> { ["https"] = https, ["smtp"] = smtp });
        _sandbox.Faults.RejectNext(1);

        var ex = await Assert.ThrowsAsync<SesMessageRejectedException>(() => transport.SendAsync(Message(), Token));

        Assert.False(ex.IsTransient);
        Assert.Equal(SesTransportKind.Https, ex.Transport);
        Assert.Equal(1, https.Calls);
        Assert.Equal(0, smtp.Calls);

        // The one rejection was spent by that one attempt: the next send goes through on the same transport.
        var receipt = await transport.SendAsync(Message(), Token);
        Assert.Equal(SesTransportKind.Https, receipt.Transport);
        Assert.Equal(receipt.MessageId, Assert.Single(_sandbox.Messages).Id);
    }

    [Theory]
    [InlineData(SesTransportKind.Https, ProtectionScheme.SMime)]
    [InlineData(SesTransportKind.StartTlsSmtp, ProtectionScheme.Pgp)]
    [InlineData(SesTransportKind.TlsWrapperSmtp, ProtectionScheme.SMime)]
    public async Task SendAsync_EncryptionRuleWithKeys_SandboxRecordsEncryptedDecryptsWithRecipientKey(SesTransportKind kind, ProtectionScheme scheme)
    {
        var policy = new DeliveryPolicy();
        var rule = Rule("confidential", "example.net");
        rule.EndToEnd = EndToEnd(MessageProtection.SignAndEncrypt, scheme);
        policy.Rules.Add(rule);
        await using var transport = new PolicyDrivenTransport(policy, Transports(kind), Keys());

        var receipt = await transport.SendAsync(Message(), Token);

        var recorded = await _sandbox.WaitForMessageAsync(m => m.Id == receipt.MessageId, cancellationToken: Token);
        Assert.Equal(scheme, recorded.Protection.EncryptionScheme);
        Assert.DoesNotContain("Quarterly numbers", System.Text.Encoding.Latin1.GetString(recorded.RawMime.Span), StringComparison.Ordinal);
        using var reader = RecipientReader();
        var read = await reader.ReadAsync(recorded.Parse(), Token);
        Assert.Equal(scheme, read.EncryptionScheme);
        Assert.True(read.IsSignatureValid);
        Assert.Contains("Quarterly numbers, for your eyes only.", read.Content.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_RateFromAccount_ReadsSandboxAccountRateThenSends()
    {
        var logs = new RecordingLoggerFactory();
        using var api = new SesApiClient(HttpsOptions(_sandbox.ApiEndpoint));
        var account = await api.GetAccountAsync(Token);
        var policy = new DeliveryPolicy();
        policy.SendRate.Mode = SendRateMode.FromAccount;
        await using var transport = new PolicyDrivenTransport(policy, Transports(SesTransportKind.StartTlsSmtp), api, loggerFactory: logs);

        var receipt = await transport.SendAsync(Message(), Token);

        Assert.True(account.MaxSendRate > 0);
        Assert.Contains(logs.Lines, l => l.Contains($"Send rate {account.MaxSendRate} recipients per second (FromAccount)", StringComparison.Ordinal));
        Assert.Equal(receipt.MessageId, Assert.Single(_sandbox.Messages).Id);
    }

    [Fact]
    public async Task SendAsync_RateFromAccountApiUnreachable_RefusedBeforeSmtpSendsAnything()
    {
        var options = HttpsOptions(new Uri($"https://127.0.0.1:{FreePort.Next()}/"));
        using var api = new SesApiClient(options);
        var policy = new DeliveryPolicy();
        policy.SendRate.Mode = SendRateMode.FromAccount;
        var smtp = new CountingTransport(new StartTlsSmtpTransport(StartTlsOptions()));
        await using var transport = new PolicyDrivenTransport(policy, new Dictionary<string, ISesTransport> { ["smtp"] = smtp }, api);

        var ex = await Assert.ThrowsAsync<DeliveryPolicyViolationException>(() => transport.SendAsync(Message(), Token));

        Assert.Equal(DeliveryPolicyViolation.SendRateUnavailable, ex.Violation);
        Assert.IsType<SesConnectionException>(ex.InnerException);
        Assert.True(ex.IsTransient);
        Assert.Equal(0, smtp.Calls);
        Assert.Empty(_sandbox.Messages);
    }

    [Fact]
    public async Task SendAsync_RateFromAccountWrongCredentials_RefusedPermanent()
    {
        var options = HttpsOptions(_sandbox.ApiEndpoint);
        const string wrongSecret = "not-the-secret-not-the-secret-not-the-se";
        options.CredentialsProvider = new StaticCredentialsProvider(new AwsCredentials(_sandbox.Credentials.AccessKeyId, wrongSecret));
        using var api = new SesApiClient(options);
        var policy = new DeliveryPolicy();
        policy.SendRate.Mode = SendRateMode.FromAccount;
        await using var transport = new PolicyDrivenTransport(policy, Transports(SesTransportKind.StartTlsSmtp), api);

        var ex = await Assert.ThrowsAsync<DeliveryPolicyViolationException>(() => transport.SendAsync(Message(), Token));

        Assert.Equal(DeliveryPolicyViolation.SendRateUnavailable, ex.Violation);
        Assert.IsType<SesAuthenticationException>(ex.InnerException);
        Assert.False(ex.IsTransient);
        Assert.Empty(_sandbox.Messages);
        Assert.DoesNotContain(wrongSecret, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_sandbox.Credentials.SecretAccessKey, ex.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Creates the set over the API with <see cref="ConfigurationSetProvisioner"/>, which puts its TLS policy, reads it back and records what it read.</summary>
    private async Task EnsureSetAsync(string name, ReceiverTls receiverTls, KnownConfigurationSets known)
    {
        using var api = new SesApiClient(HttpsOptions(_sandbox.ApiEndpoint));
        var read = await new ConfigurationSetProvisioner(api, known).EnsureConfigurationSetAsync(name, receiverTls, cancellationToken: Token);
        Assert.Equal(receiverTls == ReceiverTls.Require ? SesTlsPolicy.Require : SesTlsPolicy.Optional, read.DeliveryOptions.TlsPolicy);
        Assert.True(known.TryGet(name, out var recorded));
        Assert.Equal(receiverTls, recorded);
    }

    private Dictionary<string, ISesTransport> Transports(SesTransportKind kind) => new()
    {
        [kind.ToString()] = kind switch
        {
            SesTransportKind.Https => new HttpsTransport(HttpsOptions(_sandbox.ApiEndpoint)),
            SesTransportKind.StartTlsSmtp => new StartTlsSmtpTransport(StartTlsOptions()),
            _ => new TlsWrapperSmtpTransport(TlsWrapperOptions()),
        },
    };

    private HttpsTransportOptions HttpsOptions(Uri serviceUrl) => ForSandbox(new HttpsTransportOptions
    {
        ServiceUrl = serviceUrl,
        Region = _sandbox.Region,
        CredentialsProvider = new StaticCredentialsProvider(_sandbox.Credentials),
    });

    private StartTlsSmtpTransportOptions StartTlsOptions() => ForSandbox(new StartTlsSmtpTransportOptions
    {
        Host = _sandbox.StartTlsSmtpEndpoint.Address.ToString(),
        Port = _sandbox.StartTlsSmtpEndpoint.Port,
        Credentials = _sandbox.SmtpCredentials,
    });

    private TlsWrapperSmtpTransportOptions TlsWrapperOptions() => ForSandbox(new TlsWrapperSmtpTransportOptions
    {
        Host = _sandbox.TlsWrapperSmtpEndpoint.Address.ToString(),
        Port = _sandbox.TlsWrapperSmtpEndpoint.Port,
        Credentials = _sandbox.SmtpCredentials,
    });

    /// <summary>
    /// Trusts the sandbox's CA and, as a member of a failover list, makes no retries of its own
    /// (docs/policy.md, "Failover and benching").
    /// </summary>
    private T ForSandbox<T>(T options)
        where T : TransportOptions
    {
        options.Tls.TrustAnchors.Add(_sandbox.CertificateAuthority);
        options.Retry.MaxRetryAttempts = 0;
        return options;
    }

    /// <summary>Counts the sends a real transport was given.</summary>
    private sealed class CountingTransport(ISesTransport inner) : ISesTransport
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<SendReceipt> SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return inner.SendAsync(message, cancellationToken);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
