using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Ses.Transport.Diagnostics;
using Ses.Transport.Policy;
using Ses.Transport.Security;
using Ses.Transport.Tests.Shared;
using Ses.Transport.Tests.Smtp;
using Ses.Transport.Tests.Smtp.Peers;
using SmtpServer.Protocol;
using static Ses.Transport.Tests.Policy.PolicyTest;

namespace Ses.Transport.Tests.Policy;

/// <summary>
/// The policy-driven transport end to end over the library's SMTP transports and real SMTP servers on 127.0.0.1
/// (the in-process <c>SmtpServer</c> package; Node's <c>smtp-server</c> where installed).
/// </summary>
public sealed class PolicyDrivenTransportTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAsync_EncryptionDemandedNoKey_NothingReachesServerTypedViolation()
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        var policy = new DeliveryPolicy();
        policy.EndToEnd.Protection = MessageProtection.Encrypt;
        await using var transport = Create(policy, server);

        var ex = await Assert.ThrowsAsync<DeliveryPolicyViolationException>(() => transport.SendAsync(Message(), Token));

        Assert.Equal(DeliveryPolicyViolation.MissingRecipientKey, ex.Violation);
        Assert.Equal(RecipientAddress, ex.Address);
        Assert.False(ex.IsTransient);
        Assert.Equal(0, server.SessionsCreated);
        Assert.Equal(0, server.SaveCalls);
    }

    [Fact]
    public async Task SendAsync_Violation_CountedAndLoggedWithoutAddress()
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var violations = new MetricCollector<long>(meterFactory, SesTransportTelemetry.MeterName, "ses.transport.policy.violations");
        var logs = new RecordingLoggerFactory();
        var policy = new DeliveryPolicy();
        policy.EndToEnd.Protection = MessageProtection.Encrypt;
        await using var transport = new PolicyDrivenTransport(
            policy,
            new Dictionary<string, ISesTransport> { ["smtp"] = SmtpTest.Create(SesTransportKind.StartTlsSmtp, server.StartTlsPort) },
            loggerFactory: logs,
            meterFactory: meterFactory);

        await Assert.ThrowsAsync<DeliveryPolicyViolationException>(() => transport.SendAsync(Message(), Token));

        var measurement = Assert.Single(violations.GetMeasurementSnapshot());
        Assert.Equal(1, measurement.Value);
        Assert.Equal("MissingRecipientKey", measurement.Tags["violation"]);
        Assert.Contains(logs.Lines, l => l.Contains("delivery policy violation MissingRecipientKey (setting EndToEnd)", StringComparison.Ordinal));
        Assert.DoesNotContain(RecipientAddress, logs.AllText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SendAsync_OneRecipientUnderEncryptionRule_WholeMessageEncryptedForEveryRecipient()
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        var policy = new DeliveryPolicy();
        var rule = Rule("confidential", "example.net");
        rule.EndToEnd = EndToEnd(MessageProtection.Encrypt, ProtectionScheme.SMime);
        policy.Rules.Add(rule);
        await using var transport = Create(policy, server, Keys());

        // recipient@example.net falls under the rule, sender@example.com (a copy to oneself) under the defaults.
        var receipt = await transport.SendAsync(Message(RecipientAddress, SenderAddress), Token);

        Assert.Equal(["rule 'confidential'"], receipt.Plan!.MatchedRules);
        Assert.True(await server.WaitUntilAsync(s => s.RawMessages.Count == 1));
        var received = Assert.Single(server.Messages);
        Assert.Equal(ProtectionScheme.SMime, SecureMessageClassifier.Classify(received).EncryptionScheme);
        using var reader = RecipientReader();
        Assert.Contains("Quarterly numbers", (await reader.ReadAsync(received, Token)).Content.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_KeysConfiguredButNotForThisRecipient_NothingReachesServer()
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        var policy = new DeliveryPolicy();
        policy.EndToEnd.Protection = MessageProtection.Encrypt;
        await using var transport = Create(policy, server, Keys());

        var ex = await Assert.ThrowsAsync<DeliveryPolicyViolationException>(() => transport.SendAsync(Message(RecipientAddress, "stranger@example.org"), Token));

        Assert.Equal("stranger@example.org", ex.Address);
        Assert.Equal(0, server.SessionsCreated);
    }

    [Theory]
    [InlineData(ProtectionScheme.SMime)]
    [InlineData(ProtectionScheme.Pgp)]
    public async Task SendAsync_EncryptionDemandedWithKeys_ArrivesEncryptedAndDecryptsWithRecipientKey(ProtectionScheme scheme)
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        var policy = new DeliveryPolicy();
        policy.EndToEnd.Protection = MessageProtection.SignAndEncrypt;
        policy.EndToEnd.Scheme = scheme;
        await using var transport = Create(policy, server, Keys());
        var message = Message();
        var original = Serialize(message);

        var receipt = await transport.SendAsync(message, Token);

        Assert.True(await server.WaitUntilAsync(s => s.RawMessages.Count == 1));
        var received = Assert.Single(server.Messages);
        Assert.Equal(scheme, SecureMessageClassifier.Classify(received).EncryptionScheme);
        Assert.DoesNotContain("Quarterly numbers", System.Text.Encoding.Latin1.GetString(server.RawMessages[0]), StringComparison.Ordinal);
        using var reader = RecipientReader();
        var read = await reader.ReadAsync(received, Token);
        Assert.Equal(scheme, read.EncryptionScheme);
        Assert.True(read.IsSignatureValid);
        Assert.Contains("Quarterly numbers, for your eyes only.", read.Content.ToString(), StringComparison.Ordinal);
        Assert.Equal(message.MessageId, received.MessageId);
        Assert.Equal(MessageProtection.SignAndEncrypt, receipt.Plan!.ProtectionToApply);
        Assert.Equal(original, Serialize(message));
    }

    [Fact]
    public async Task SendAsync_NodeSmtpServerEncryptionWithEitherScheme_DecryptsWithRecipientKey()
    {
        Peer.Require(NodeSmtpSink.Available, NodeSmtpSink.Requirement);
        await using var sink = await NodeSmtpSink.StartAsync(new Dictionary<string, string>());
        var policy = new DeliveryPolicy();
        policy.EndToEnd.Protection = MessageProtection.Encrypt;
        await using var transport = new PolicyDrivenTransport(
            policy,
            new Dictionary<string, ISesTransport> { ["smtp"] = SmtpTest.Create(SesTransportKind.StartTlsSmtp, sink.Port) },
            Keys(smime: false));

        await transport.SendAsync(Message(), Token);

        Assert.True(await sink.WaitForMessagesAsync(1), sink.Output);
        using var reader = RecipientReader();
        var read = await reader.ReadAsync(Assert.Single(sink.Messages), Token);
        Assert.Equal(ProtectionScheme.Pgp, read.EncryptionScheme);
        Assert.Contains("Quarterly numbers", read.Content.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_CallerAlreadyEncrypted_SentAsIsWithoutKeys()
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        using var builder = new SecureMessageBuilder(Keys());
        var encrypted = await builder.EncryptAsync(Message(), ProtectionScheme.SMime, Token);
        var policy = new DeliveryPolicy();
        policy.EndToEnd.Protection = MessageProtection.Encrypt;
        await using var transport = Create(policy, server);

        var receipt = await transport.SendAsync(encrypted, Token);

        Assert.Equal(MessageProtection.None, receipt.Plan!.ProtectionToApply);
        Assert.True(await server.WaitUntilAsync(s => s.RawMessages.Count == 1));
        using var reader = RecipientReader();
        var read = await reader.ReadAsync(Assert.Single(server.Messages), Token);
        Assert.Equal(ProtectionScheme.SMime, read.EncryptionScheme);
    }

    [Fact]
    public async Task SendAsync_RequireWithKnownRequireSet_MessageCarriesThatSetAndActivityTags()
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        var policy = new DeliveryPolicy { ReceiverTls = ReceiverTls.Require };
        policy.ConfigurationSets.Optional = "opportunistic";
        policy.ConfigurationSets.Require = "tls-required-" + Guid.NewGuid().ToString("N")[..8];
        var known = new KnownConfigurationSets();
        known.Record(policy.ConfigurationSets.Require, ReceiverTls.Require);
        await using var transport = Create(policy, server, configurationSets: known);
        var message = Message();
        var activities = new ConcurrentQueue<Activity>();
        using var listener = Listen(activities);

        var receipt = await transport.SendAsync(message, Token);

        Assert.True(await server.WaitUntilAsync(s => s.RawMessages.Count == 1));
        Assert.Equal(policy.ConfigurationSets.Require, Assert.Single(server.Messages).Headers["X-SES-CONFIGURATION-SET"]);
        Assert.Equal(policy.ConfigurationSets.Require, receipt.ConfigurationSet);
        Assert.Equal(ReceiverTls.Require, receipt.Plan!.ReceiverTls);
        Assert.False(message.Headers.Contains("X-SES-CONFIGURATION-SET"));
        var activity = Assert.Single(activities, a => a.OperationName == "ses.policy.send" && (string?)a.GetTagItem("ses.policy.configuration_set") == policy.ConfigurationSets.Require);
        Assert.Equal("Require", activity.GetTagItem("ses.policy.receiver_tls"));
        Assert.Equal("smtp", activity.GetTagItem("ses.policy.transport"));
        Assert.Equal(0, activity.GetTagItem("ses.policy.failovers"));
    }

    [Fact]
    public async Task SendAsync_RequireSetNotKnownRequire_ViolationNothingSent()
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        var policy = new DeliveryPolicy { ReceiverTls = ReceiverTls.Require };
        policy.ConfigurationSets.Require = "claimed-strict";
        var known = new KnownConfigurationSets();
        known.Record("claimed-strict", ReceiverTls.Optional);
        await using var transport = Create(policy, server, configurationSets: known);

        var ex = await Assert.ThrowsAsync<DeliveryPolicyViolationException>(() => transport.SendAsync(Message(), Token));

        Assert.Equal(DeliveryPolicyViolation.ConfigurationSetNotKnownRequire, ex.Violation);
        Assert.Equal("claimed-strict", ex.Setting);
        Assert.Equal(0, server.SessionsCreated);
    }

    [Fact]
    public async Task SendAsync_RequireRuleWithoutSet_ViolationNothingSent()
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        var policy = new DeliveryPolicy();
        var rule = Rule("bank", "example.net");
        rule.ReceiverTls = ReceiverTls.Require;
        policy.Rules.Add(rule);
        await using var transport = Create(policy, server);

        var ex = await Assert.ThrowsAsync<DeliveryPolicyViolationException>(() => transport.SendAsync(Message(), Token));

        Assert.Equal(DeliveryPolicyViolation.NoRequireConfigurationSet, ex.Violation);
        Assert.Equal(0, server.SessionsCreated);
    }

    [Fact]
    public async Task SendAsync_FirstTransportDeadPort_FailsOverAndDeliversExactlyOnce()
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        var policy = new DeliveryPolicy { Transports = { "dead", "live" } };
        var logs = new RecordingLoggerFactory();
        await using var transport = new PolicyDrivenTransport(
            policy,
            new Dictionary<string, ISesTransport>
            {
                ["dead"] = SmtpTest.Create(SesTransportKind.StartTlsSmtp, FreePort.Next(), o => o.Retry.MaxRetryAttempts = 1),
                ["live"] = SmtpTest.Create(SesTransportKind.TlsWrapperSmtp, server.ImplicitTlsPort),
            },
            loggerFactory: logs);

        var receipt = await transport.SendAsync(Message(), Token);

        Assert.Equal(SesTransportKind.TlsWrapperSmtp, receipt.Transport);
        Assert.Equal(["dead", "live"], receipt.Plan!.Transports);
        // The server stores a message before it answers 250, so the count is final once the send returned.
        Assert.Single(server.RawMessages);
        Assert.Equal(1, server.SaveCalls);
        Assert.Contains(logs.Lines, l => l.Contains("Transport 'dead' failed at connection level (SesConnectionException", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("transports [dead, live]", StringComparison.Ordinal) && l.Contains("1 recipient(s), rules []", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendAsync_PermanentRejection_NoFailover()
    {
        await using var rejecting = await InProcessSmtpServer.StartAsync(s => s.Reply = _ => new SmtpResponse((SmtpReplyCode)554, "Message rejected: Email address is not verified."));
        await using var other = await InProcessSmtpServer.StartAsync();
        var policy = new DeliveryPolicy { Transports = { "rejecting", "other" } };
        await using var transport = new PolicyDrivenTransport(
            policy,
            new Dictionary<string, ISesTransport>
            {
                ["rejecting"] = SmtpTest.Create(SesTransportKind.StartTlsSmtp, rejecting.StartTlsPort),
                ["other"] = SmtpTest.Create(SesTransportKind.StartTlsSmtp, other.StartTlsPort),
            });

        var ex = await Assert.ThrowsAsync<SesMessageRejectedException>(() => transport.SendAsync(Message(), Token));

        Assert.Equal(554, ex.SmtpStatusCode);
        Assert.Equal(1, rejecting.SaveCalls);
        Assert.Equal(0, other.SessionsCreated);
    }

    [Fact]
    public async Task SendAsync_FailedTransportBenched_SkippedUntilBenchTimeThenTriedFirstAgain()
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var policy = new DeliveryPolicy { Transports = { "primary", "backup" }, FailoverBenchTime = TimeSpan.FromMinutes(2) };
        var dead = SmtpTest.Create(SesTransportKind.StartTlsSmtp, FreePort.Next(), o => o.Retry.MaxRetryAttempts = 1);
        var live = SmtpTest.Create(SesTransportKind.StartTlsSmtp, server.StartTlsPort);
        var primary = new SwitchableTransport(dead);
        await using var transport = new PolicyDrivenTransport(
            policy,
            new Dictionary<string, ISesTransport> { ["primary"] = primary, ["backup"] = live },
            timeProvider: time);

        await transport.SendAsync(Message(), Token);
        Assert.Equal(1, primary.Calls);

        // Benched: the backup goes first, the primary is not contacted.
        time.Advance(TimeSpan.FromMinutes(1));
        await transport.SendAsync(Message(), Token);
        Assert.Equal(1, primary.Calls);

        // Bench time over, and the primary works again: it is tried first and carries the message.
        primary.Inner = SmtpTest.Create(SesTransportKind.TlsWrapperSmtp, server.ImplicitTlsPort);
        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var receipt = await transport.SendAsync(Message(), Token);
        Assert.Equal(2, primary.Calls);
        Assert.Equal(SesTransportKind.TlsWrapperSmtp, receipt.Transport);

        // Off the bench: it stays first.
        receipt = await transport.SendAsync(Message(), Token);
        Assert.Equal(3, primary.Calls);
        Assert.Equal(SesTransportKind.TlsWrapperSmtp, receipt.Transport);
        Assert.True(await server.WaitUntilAsync(s => s.RawMessages.Count == 4));
        await dead.DisposeAsync();
    }

    [Fact]
    public async Task SendAsync_EveryTransportBenchedAndDead_StillTriedAsLastResortThenTransientFailure()
    {
        var time = new FakeTimeProvider();
        var policy = new DeliveryPolicy { Transports = { "a", "b" } };
        var a = new SwitchableTransport(SmtpTest.Create(SesTransportKind.StartTlsSmtp, FreePort.Next(), o => o.Retry.MaxRetryAttempts = 1));
        var b = new SwitchableTransport(SmtpTest.Create(SesTransportKind.StartTlsSmtp, FreePort.Next(), o => o.Retry.MaxRetryAttempts = 1));
        await using var transport = new PolicyDrivenTransport(policy, new Dictionary<string, ISesTransport> { ["a"] = a, ["b"] = b }, timeProvider: time);

        var first = await Assert.ThrowsAsync<SesTransportException>(() => transport.SendAsync(Message(), Token));
        var second = await Assert.ThrowsAsync<SesTransportException>(() => transport.SendAsync(Message(), Token));

        Assert.True(first.IsTransient);
        Assert.IsType<AggregateException>(first.InnerException);
        Assert.True(second.IsTransient);
        Assert.Equal(2, a.Calls);
        Assert.Equal(2, b.Calls);
    }

    [Fact]
    public async Task SendAsync_FixedRate_HoldsRecipientRateWithinTenPercent()
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        const double rate = 20;
        const int recipientsPerMessage = 5;
        var policy = new DeliveryPolicy();
        policy.SendRate.Mode = SendRateMode.Fixed;
        policy.SendRate.RecipientsPerSecond = rate;
        var smtp = SmtpTest.Create(SesTransportKind.StartTlsSmtp, server.StartTlsPort);
        await using var transport = new PolicyDrivenTransport(policy, new Dictionary<string, ISesTransport> { ["smtp"] = smtp });

        // Open the pool's four connections first (directly, outside the limiter), so the run measures the limiter, not TLS handshakes.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => smtp.SendAsync(Message(), Token)));
        var warmUp = server.RawMessages.Count;
        var recipients = 0;
        var run = TimeSpan.FromSeconds(5);
        var clock = Stopwatch.StartNew();

        // Four senders race for the bucket; each message has five recipients, and SES counts recipients.
        var to = Enumerable.Range(1, recipientsPerMessage).Select(i => $"r{i}@example.net").ToArray();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(
            async () =>
            {
                while (clock.Elapsed < run)
                {
                    await transport.SendAsync(Message(to), Token);
                    Interlocked.Add(ref recipients, recipientsPerMessage);
                }
            },
            Token)));
        var elapsed = clock.Elapsed;

        var measured = recipients / elapsed.TotalSeconds;
        Assert.InRange(measured, rate * 0.9, rate * 1.1);
        Assert.Equal(warmUp + (recipients / recipientsPerMessage), server.RawMessages.Count);
    }

    [Fact]
    public async Task SendAsync_RateFromAccountFirstReadFails_RefusedTransientNothingSentReadAgainNextSend()
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        var source = new AccountRate { Failures = 1, Rate = 1000 };
        await using var transport = CreateFromAccount(server, source, new FakeTimeProvider());

        var ex = await Assert.ThrowsAsync<DeliveryPolicyViolationException>(() => transport.SendAsync(Message(), Token));
        Assert.Equal(DeliveryPolicyViolation.SendRateUnavailable, ex.Violation);
        Assert.IsType<SesConnectionException>(ex.InnerException);
        Assert.True(ex.IsTransient);
        Assert.Equal(0, server.SessionsCreated);
        await transport.SendAsync(Message(), Token);
        await transport.SendAsync(Message(), Token);

        Assert.Equal(2, source.Calls);
        Assert.True(await server.WaitUntilAsync(s => s.RawMessages.Count == 2));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public async Task SendAsync_AccountReportsUnusableRate_RefusedPermanentNeverUnlimited(double rate)
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        await using var transport = CreateFromAccount(server, new AccountRate { Rate = rate }, new FakeTimeProvider());

        var ex = await Assert.ThrowsAsync<DeliveryPolicyViolationException>(() => transport.SendAsync(Message(), Token));

        Assert.Equal(DeliveryPolicyViolation.SendRateUnavailable, ex.Violation);
        Assert.False(ex.IsTransient);
        Assert.Equal(0, server.SessionsCreated);
    }

    [Fact]
    public async Task SendAsync_RateFromAccountAfterRefreshInterval_ReadAgainAndNewRateUsed()
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        var clock = new FakeTimeProvider();
        var source = new AccountRate { Rate = 1000 };
        var logs = new RecordingLoggerFactory();
        await using var transport = CreateFromAccount(server, source, clock, TimeSpan.FromMinutes(10), logs);

        await transport.SendAsync(Message(), Token);
        clock.Advance(TimeSpan.FromMinutes(9));
        await transport.SendAsync(Message(), Token);
        Assert.Equal(1, source.Calls);

        source.Rate = 2000;
        clock.Advance(TimeSpan.FromMinutes(1));
        await transport.SendAsync(Message(), Token);
        await transport.SendAsync(Message(), Token);

        Assert.Equal(2, source.Calls);
        Assert.Contains(logs.Lines, l => l.Contains("Send rate 2000 recipients per second (FromAccount)", StringComparison.Ordinal));
        Assert.True(await server.WaitUntilAsync(s => s.RawMessages.Count == 4));
    }

    [Fact]
    public async Task SendAsync_ConcurrentSendsWhileRateChanges_AllSentOneReread()
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        var clock = new FakeTimeProvider();
        var source = new AccountRate { Rate = 50 };
        await using var transport = CreateFromAccount(server, source, clock, TimeSpan.FromMinutes(10));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => transport.SendAsync(Message(), Token)));

        // Senders queue in the 50/s limiter, the rate is re-read (and replaced) while they wait, and more arrive.
        source.Rate = 500;
        clock.Advance(TimeSpan.FromMinutes(10));
        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => transport.SendAsync(Message(), Token)));

        Assert.Equal(2, source.Calls);
        Assert.True(await server.WaitUntilAsync(s => s.RawMessages.Count == 16));
    }

    [Fact]
    public async Task SendAsync_AccountRereadFails_KeepsRateRetriesAfterAMinute()
    {
        await using var server = await InProcessSmtpServer.StartAsync();
        var clock = new FakeTimeProvider();
        var source = new AccountRate { Rate = 1000 };
        var logs = new RecordingLoggerFactory();
        await using var transport = CreateFromAccount(server, source, clock, TimeSpan.FromMinutes(10), logs);
        await transport.SendAsync(Message(), Token);

        source.Failures = int.MaxValue;
        clock.Advance(TimeSpan.FromMinutes(10));
        await transport.SendAsync(Message(), Token);
        clock.Advance(TimeSpan.FromSeconds(59));
        await transport.SendAsync(Message(), Token);
        Assert.Equal(2, source.Calls);
        clock.Advance(TimeSpan.FromSeconds(1));
        await transport.SendAsync(Message(), Token);

        Assert.Equal(3, source.Calls);
        Assert.Contains(logs.Lines, l => l.Contains("keeping 1000 recipients per second", StringComparison.Ordinal));
        Assert.True(await server.WaitUntilAsync(s => s.RawMessages.Count == 4));
    }

    [Fact]
    public void Constructor_FromAccountWithoutClient_ArgumentExceptionSaysWhatToPass()
    {
        var policy = new DeliveryPolicy();
        policy.SendRate.Mode = SendRateMode.FromAccount;

        var ex = Assert.Throws<ArgumentException>(() => new PolicyDrivenTransport(policy, new Dictionary<string, ISesTransport> { ["smtp"] = new SwitchableTransport(null!) }));

        Assert.Contains("pass a SesApiClient", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Constructor_FromAccountRefreshIntervalNotPositive_ArgumentException(int seconds)
    {
        var policy = new DeliveryPolicy();
        policy.SendRate.Mode = SendRateMode.FromAccount;
        policy.SendRate.AccountRefreshInterval = TimeSpan.FromSeconds(seconds);

        var ex = Assert.Throws<ArgumentException>(() => new PolicyDrivenTransport(
            policy, new Dictionary<string, ISesTransport> { ["smtp"] = new SwitchableTransport(null!) }, null, null, new AccountRate(), null, null, null));

        Assert.Contains("SendRate.AccountRefreshInterval", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_UnknownTransportNameInRule_ArgumentExceptionNamesIt()
    {
        var policy = new DeliveryPolicy();
        var rule = Rule("r", "example.net");
        rule.Transports.Add("missing");
        policy.Rules.Add(rule);

        var ex = Assert.Throws<ArgumentException>(() => new PolicyDrivenTransport(policy, new Dictionary<string, ISesTransport> { ["smtp"] = new SwitchableTransport(null!) }));

        Assert.Contains("Rules[0].Transports[0] names transport 'missing'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SendRateMode.Fixed, 0)]
    [InlineData(SendRateMode.Fixed, double.NaN)]
    public void Constructor_UnusableSendRate_ArgumentException(SendRateMode mode, double rate)
    {
        var policy = new DeliveryPolicy();
        policy.SendRate.Mode = mode;
        policy.SendRate.RecipientsPerSecond = rate;

        var ex = Assert.Throws<ArgumentException>(() => new PolicyDrivenTransport(policy, new Dictionary<string, ISesTransport> { ["smtp"] = new SwitchableTransport(null!) }));

        Assert.Contains("SendRate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CanFailOver_ExceptionKinds_OnlyConnectionLevelAndTransient()
    {
        Assert.True(PolicyDrivenTransport.CanFailOver(new SesConnectionException("refused")));
        Assert.True(PolicyDrivenTransport.CanFailOver(new SesTlsException(TlsFailure.StartTlsNotOffered, "no STARTTLS")));
        Assert.True(PolicyDrivenTransport.CanFailOver(new SesAuthenticationException("535")));
        Assert.True(PolicyDrivenTransport.CanFailOver(new SesThrottlingException("454")));
        Assert.False(PolicyDrivenTransport.CanFailOver(new SesMessageRejectedException("554")));
        Assert.False(PolicyDrivenTransport.CanFailOver(new SesMessageTooLargeException("552")));
        Assert.False(PolicyDrivenTransport.CanFailOver(new SesMessageValidationException(MessageValidationFailure.NoSender, "no From")));
    }

    private static PolicyDrivenTransport Create(
        DeliveryPolicy policy,
        InProcessSmtpServer server,
        SecureMessageBuilderOptions? keys = null,
        KnownConfigurationSets? configurationSets = null) =>
        new(
            policy,
            new Dictionary<string, ISesTransport> { ["smtp"] = SmtpTest.Create(SesTransportKind.StartTlsSmtp, server.StartTlsPort) },
            keys,
            configurationSets);

    private static PolicyDrivenTransport CreateFromAccount(
        InProcessSmtpServer server, AccountRate source, TimeProvider clock, TimeSpan? refresh = null, RecordingLoggerFactory? logs = null)
    {
        var policy = new DeliveryPolicy();
        policy.SendRate.Mode = SendRateMode.FromAccount;
        policy.SendRate.AccountRefreshInterval = refresh ?? policy.SendRate.AccountRefreshInterval;
        return new PolicyDrivenTransport(
            policy,
            new Dictionary<string, ISesTransport> { ["smtp"] = SmtpTest.Create(SesTransportKind.StartTlsSmtp, server.StartTlsPort) },
            keys: null,
            configurationSets: null,
            source,
            logs,
            clock,
            meterFactory: null);
    }

    private static string Serialize(MimeMessage message)
    {
        using var buffer = new MemoryStream();
        message.WriteTo(buffer);
        return System.Text.Encoding.Latin1.GetString(buffer.ToArray());
    }

    private static ActivityListener Listen(ConcurrentQueue<Activity> activities)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SesTransportTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    /// <summary>The account's rate as the SES API client will give it; fails the first <see cref="Failures"/> calls.</summary>
    private sealed class AccountRate : Ses.Transport.Policy.Internal.ISendRateSource
    {
        public int Failures { get; set; }

        public double Rate { get; set; }

        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<double> GetMaxSendRateAsync(CancellationToken cancellationToken)
        {
            var calls = Interlocked.Increment(ref _calls);
            return calls <= Failures ? throw new SesConnectionException("GetAccount: connection refused") : ValueTask.FromResult(Rate);
        }
    }

    /// <summary>Delegates to a real transport that can be swapped, and counts the sends it was given.</summary>
    private sealed class SwitchableTransport(ISesTransport inner) : ISesTransport
    {
        private int _calls;

        public ISesTransport Inner { get; set; } = inner;

        public int Calls => Volatile.Read(ref _calls);

        public Task<SendReceipt> SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return Inner.SendAsync(message, cancellationToken);
        }

        public ValueTask DisposeAsync() => Inner?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
