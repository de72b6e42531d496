using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Ses.Transport.Diagnostics;
using Ses.Transport.Https;
using Ses.Transport.Internal;
using Ses.Transport.Policy.Internal;
using Ses.Transport.Security;

namespace Ses.Transport.Policy;

/// <summary>
/// The <see cref="ISesTransport"/> that carries out a <see cref="DeliveryPolicy"/>: for each message it plans
/// (<see cref="DeliveryPolicyEngine"/>), refuses what the policy cannot meet, applies end-to-end protection, sets the
/// configuration set, waits for the send rate, and sends on the first healthy transport of the plan, failing over to
/// the next one on connection-level failures. The receipt carries the plan.
/// </summary>
/// <remarks>
/// <para>
/// Refusals come before any byte is sent, as a <see cref="DeliveryPolicyViolationException"/>: rules that conflict,
/// receiver TLS <see cref="ReceiverTls.Require"/> without a configuration set known (in
/// <see cref="KnownConfigurationSets"/>) to be <c>REQUIRE</c>, a caller's protection that falls short of the demand, a
/// protection to apply without the keys (a signer key for the sender, a certificate or key for every recipient), or
/// keys the builder cannot use (expired, revoked).
/// </para>
/// <para>
/// A message the caller already signed or encrypted (<see cref="SecureMessageClassifier"/>) is sent as it is when it
/// meets the demand. Otherwise the protection is applied with <see cref="SecureMessageBuilder"/> to a copy; the
/// configuration set is written as <c>X-SES-CONFIGURATION-SET</c> on a copy as well. The caller's message is never
/// changed.
/// </para>
/// <para>
/// Failover: a transport that fails with a connection-level or transient failure (<see cref="SesConnectionException"/>,
/// <see cref="SesTlsException"/>, <see cref="SesAuthenticationException"/> — all before the message is accepted —, or
/// any failure with <see cref="SesTransportException.IsTransient"/>) is benched for
/// <see cref="DeliveryPolicy.FailoverBenchTime"/> and the next transport of the plan is tried. A permanent failure
/// (message rejected, too large, invalid) is thrown at once: no other transport sees the message. A connection lost
/// after the message data was sent may mean SES accepted it, so failover (like retries) gives at-least-once delivery.
/// A benched transport is tried again after its time, or earlier as the last resort when every other one failed.
/// </para>
/// <para>
/// Send rate: one token bucket counts recipients (SES counts every To, Cc and Bcc recipient against the account's
/// maximum send rate) and every send waits for its recipients' tokens before it goes out. With
/// <see cref="SendRateMode.FromAccount"/> the rate is the account's <c>MaxSendRate</c>, read through the
/// <see cref="SesApiClient"/> given to the constructor before the first send and again after
/// <see cref="SendRate.AccountRefreshInterval"/>. A first read that fails refuses the send
/// (<see cref="DeliveryPolicyViolation.SendRateUnavailable"/>, nothing sent; the next send reads again); a later read
/// that fails keeps the rate read before. Never unlimited.
/// </para>
/// <para>Thread-safe: one instance serves concurrent callers. Disposing it disposes the transports it was given.</para>
/// </remarks>
public sealed class PolicyDrivenTransport : ISesTransport
{
    /// <summary>How soon a failed re-read of the account's rate is tried again (at most; a shorter refresh interval wins).</summary>
    private static readonly TimeSpan AccountRateRetryDelay = TimeSpan.FromMinutes(1);

    private readonly IReadOnlyDictionary<string, ISesTransport> _transports;
    private readonly IReadOnlyList<string> _defaultOrder;
    private readonly KeyInventory _keys;
    private readonly SecureMessageBuilder? _builder;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SesTransportMetrics _metrics;
    private readonly TransportBench _bench;
    private readonly SendRateMode _rateMode;
    private readonly ISendRateSource? _rateSource;
    private readonly TimeSpan _accountRefreshInterval;
    private readonly SemaphoreSlim _limiterGate = new(1, 1);
    private RecipientRateLimiter? _limiter;
    private long _accountReadAt;
    private long _accountReadAfterTicks;
    private int _disposed;

    /// <summary>Creates the transport. <paramref name="policy"/> and <paramref name="keys"/> are read once, here.</summary>
    /// <param name="policy">The delivery policy.</param>
    /// <param name="transports">The transports by name, as <see cref="DeliveryPolicy.Transports"/> and rules name them (ordinal, case-sensitive).</param>
    /// <param name="keys">Keys to apply end-to-end protection with: signer keys and recipients' certificates and keys; <see langword="null"/> for none (a demanded protection then refuses the message).</param>
    /// <param name="configurationSets">What is known about configuration sets' TLS policies; an empty record when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where log messages go; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">
    /// The clock for benching and elapsed times; the system clock when <see langword="null"/>. The send rate always runs on
    /// the system clock: System.Threading.RateLimiting measures time with <see cref="Stopwatch"/>.
    /// </param>
    /// <param name="meterFactory">The factory for the library's meter; a shared meter when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> or <paramref name="transports"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// No transports; a transport name the policy or a rule uses is not among <paramref name="transports"/>; a negative
    /// <see cref="DeliveryPolicy.FailoverBenchTime"/>; a fixed send rate that is not above 0;
    /// <see cref="SendRateMode.FromAccount"/> (it needs the SES API client: use the constructor that takes one); or
    /// another invalid policy setting. The message names the setting.
    /// </exception>
    /// <exception cref="SecureMessageException">The keys cannot be used (a signer without its private key, a certificate without an address).</exception>
    public PolicyDrivenTransport(
        DeliveryPolicy policy,
        IReadOnlyDictionary<string, ISesTransport> transports,
        SecureMessageBuilderOptions? keys = null,
        KnownConfigurationSets? configurationSets = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null)
        : this(policy, transports, keys, configurationSets, rateSource: null, loggerFactory, timeProvider, meterFactory)
    {
    }

    /// <summary>
    /// Creates the transport with the SES API client that reads the account's maximum send rate for
    /// <see cref="SendRateMode.FromAccount"/> (<c>GetAccount</c>, <c>SendQuota.MaxSendRate</c>; SES's
    /// <c>ses:GetAccount</c> permission). <paramref name="policy"/> and <paramref name="keys"/> are read once, here.
    /// </summary>
    /// <param name="policy">The delivery policy.</param>
    /// <param name="transports">The transports by name, as <see cref="DeliveryPolicy.Transports"/> and rules name them (ordinal, case-sensitive).</param>
    /// <param name="accountClient">
    /// The client for the account in the region the transports send to. It is the caller's: used, not disposed; dispose it
    /// after this transport. Not called unless the policy's <see cref="SendRate.Mode"/> is <see cref="SendRateMode.FromAccount"/>.
    /// </param>
    /// <param name="keys">Keys to apply end-to-end protection with; <see langword="null"/> for none.</param>
    /// <param name="configurationSets">What is known about configuration sets' TLS policies; an empty record when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where log messages go; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for benching, elapsed times and <see cref="SendRate.AccountRefreshInterval"/>; the system clock when <see langword="null"/>.</param>
    /// <param name="meterFactory">The factory for the library's meter; a shared meter when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/>, <paramref name="transports"/> or <paramref name="accountClient"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// As for the other constructor (except that <see cref="SendRateMode.FromAccount"/> is accepted), and a
    /// <see cref="SendRate.AccountRefreshInterval"/> that is neither above 0 nor <see cref="Timeout.InfiniteTimeSpan"/>.
    /// </exception>
    /// <exception cref="SecureMessageException">The keys cannot be used.</exception>
    public PolicyDrivenTransport(
        DeliveryPolicy policy,
        IReadOnlyDictionary<string, ISesTransport> transports,
        SesApiClient accountClient,
        SecureMessageBuilderOptions? keys = null,
        KnownConfigurationSets? configurationSets = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null)
        : this(policy, transports, keys, configurationSets, new SesApiSendRateSource(accountClient ?? throw new ArgumentNullException(nameof(accountClient))), loggerFactory, timeProvider, meterFactory)
    {
    }

    internal PolicyDrivenTransport(
        DeliveryPolicy policy,
        IReadOnlyDictionary<string, ISesTransport> transports,
        SecureMessageBuilderOptions? keys,
        KnownConfigurationSets? configurationSets,
        ISendRateSource? rateSource,
        ILoggerFactory? loggerFactory,
        TimeProvider? timeProvider,
        IMeterFactory? meterFactory)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(transports);
        if (transports.Count == 0)
        {
            throw new ArgumentException("At least one transport is needed.", nameof(transports));
        }

        foreach (var (name, transport) in transports)
        {
            if (string.IsNullOrWhiteSpace(name) || transport is null)
            {
                throw new ArgumentException("Every transport needs a name and an instance.", nameof(transports));
            }
        }

        CheckNames(policy.Transports, "Transports", transports);
        for (var i = 0; i < policy.Rules.Count; i++)
        {
            if (policy.Rules[i] is { } rule)
            {
                CheckNames(rule.Transports, $"Rules[{i}].Transports", transports);
            }
        }

        if (policy.FailoverBenchTime < TimeSpan.Zero)
        {
            throw new ArgumentException("FailoverBenchTime must not be negative.", nameof(policy));
        }

        _rateMode = policy.SendRate.Mode;
        switch (_rateMode)
        {
            case SendRateMode.None:
                break;
            case SendRateMode.Fixed when RecipientRateLimiter.IsUsableRate(policy.SendRate.RecipientsPerSecond):
                break;
            case SendRateMode.Fixed:
                throw new ArgumentException($"SendRate.RecipientsPerSecond must be a finite number above 0 (it is {policy.SendRate.RecipientsPerSecond}).", nameof(policy));
            case SendRateMode.FromAccount when rateSource is null:
                throw new ArgumentException(
                    "SendRate.Mode FromAccount needs the account's MaxSendRate from the SES API: pass a SesApiClient to the constructor, or use Fixed with an explicit rate.",
                    nameof(policy));
            case SendRateMode.FromAccount when policy.SendRate.AccountRefreshInterval <= TimeSpan.Zero && policy.SendRate.AccountRefreshInterval != Timeout.InfiniteTimeSpan:
                throw new ArgumentException($"SendRate.AccountRefreshInterval must be above 0 or infinite (it is {policy.SendRate.AccountRefreshInterval}).", nameof(policy));
            case SendRateMode.FromAccount:
                break;
            default:
                throw new ArgumentException($"SendRate.Mode has an undefined value ({_rateMode}).", nameof(policy));
        }

        Engine = new DeliveryPolicyEngine(policy, configurationSets);
        _transports = transports.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        _defaultOrder = [.. _transports.Keys.Order(StringComparer.Ordinal)];
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Ses.Transport.Policy");
        _metrics = SesTransportMetrics.Create(meterFactory);
        _bench = new TransportBench(_timeProvider, policy.FailoverBenchTime);
        _rateSource = rateSource;
        _accountRefreshInterval = policy.SendRate.AccountRefreshInterval;
        _keys = new KeyInventory(keys);
        _builder = keys is null ? null : new SecureMessageBuilder(keys, _timeProvider, loggerFactory);
        if (_rateMode == SendRateMode.Fixed)
        {
            _limiter = new RecipientRateLimiter(policy.SendRate.RecipientsPerSecond);
            Log.SendRateSet(_logger, _limiter.RecipientsPerSecond, _rateMode);
        }
    }

    /// <summary>The engine that plans every message (to preview a plan without sending).</summary>
    public DeliveryPolicyEngine Engine { get; }

    /// <inheritdoc />
    /// <exception cref="DeliveryPolicyViolationException">The policy cannot be met; nothing was sent.</exception>
    public async Task<SendReceipt> SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var started = _timeProvider.GetTimestamp();
        using var activity = SesTransportMetrics.ActivitySource.StartActivity("ses.policy.send", ActivityKind.Internal);

        var plan = Engine.Plan(message);
        var order = plan.Transports.Count > 0 ? plan.Transports : _defaultOrder;
        Tag(activity, plan);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            // The joined lists are built only for a logger that writes them: this runs on every send.
            Log.Planned(
                _logger,
                message.MessageId,
                string.Join(", ", order),
                plan.ConfigurationSet,
                plan.ReceiverTls,
                plan.RequiredProtection,
                plan.RequiredScheme,
                plan.ProtectionToApply,
                plan.Recipients.Count,
                string.Join(", ", plan.MatchedRules));
        }

        MimeMessage outgoing;
        try
        {
            var scheme = plan.ResolveScheme(_keys);
            outgoing = await PrepareAsync(message, plan, scheme, cancellationToken).ConfigureAwait(false);
            await WaitForSendRateAsync(plan.Recipients.Count, cancellationToken).ConfigureAwait(false);
        }
        catch (DeliveryPolicyViolationException ex)
        {
            _metrics.PolicyViolations.Add(1, new KeyValuePair<string, object?>("violation", ex.Violation.ToString()));
            activity?.SetTag("ses.policy.violation", ex.Violation.ToString());
            activity?.SetStatus(ActivityStatusCode.Error, nameof(DeliveryPolicyViolationException));
            Log.PolicyViolated(_logger, message.MessageId, ex.Violation, ex.Setting);
            throw;
        }

        var (receipt, transport, failovers) = await SendOnFirstHealthyAsync(outgoing, order, activity, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("ses.policy.transport", transport);
        activity?.SetTag("ses.policy.failovers", failovers);
        Log.SentOnTransport(_logger, receipt.MessageId, transport, failovers, receipt.ConfigurationSet);
        return new SendReceipt
        {
            MessageId = receipt.MessageId,
            Transport = receipt.Transport,
            TlsProtocol = receipt.TlsProtocol,
            TlsCipherSuite = receipt.TlsCipherSuite,
            ConfigurationSet = receipt.ConfigurationSet,
            Elapsed = _timeProvider.GetElapsedTime(started),
            Attempts = receipt.Attempts,
            Plan = plan,
        };
    }

    /// <summary>Disposes the rate limiter, the builder, and every transport given to the constructor.</summary>
    /// <returns>A task that completes when the transports are disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _limiter?.Dispose();
        _builder?.Dispose();
        foreach (var transport in _transports.Values.Distinct())
        {
            await transport.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Whether a failure of one transport lets the next one try: nothing of the message was accepted, and another path may work.</summary>
    internal static bool CanFailOver(SesTransportException exception) =>
        exception is SesConnectionException or SesTlsException or SesAuthenticationException || exception.IsTransient;

    private static void CheckNames(IList<string> names, string setting, IReadOnlyDictionary<string, ISesTransport> transports)
    {
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i]?.Trim();
            if (!string.IsNullOrEmpty(name) && !transports.ContainsKey(name))
            {
                throw new ArgumentException($"{setting}[{i}] names transport '{name}', which is not configured (configured: {string.Join(", ", transports.Keys)}).", nameof(transports));
            }
        }
    }

    private static void Tag(Activity? activity, DeliveryPlan plan)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("ses.policy.transports", string.Join(",", plan.Transports));
        activity.SetTag("ses.policy.configuration_set", plan.ConfigurationSet);
        activity.SetTag("ses.policy.receiver_tls", plan.ReceiverTls.ToString());
        activity.SetTag("ses.policy.end_to_end", plan.RequiredProtection.ToString());
        activity.SetTag("ses.policy.scheme", plan.RequiredScheme?.ToString());
        activity.SetTag("ses.policy.apply", plan.ProtectionToApply.ToString());
        activity.SetTag("ses.policy.rules", string.Join(",", plan.MatchedRules));
        activity.SetTag("ses.policy.recipients", plan.Recipients.Count);
        activity.SetTag("ses.policy.minimum_tls", plan.MinimumTlsVersion.ToString());
        activity.SetTag("ses.policy.conflicts", plan.Conflicts.Count);
    }

    private async Task<MimeMessage> PrepareAsync(MimeMessage message, DeliveryPlan plan, ProtectionScheme? scheme, CancellationToken cancellationToken)
    {
        var outgoing = message;
        if (scheme is { } chosen)
        {
            // The builder re-encodes body parts in place (7-bit, for signatures): protect a copy, never the caller's parts.
            var copy = await DeepCopyAsync(message, cancellationToken).ConfigureAwait(false);
            try
            {
                outgoing = await _builder!.ProtectAsync(copy, chosen, plan.ProtectionToApply, cancellationToken).ConfigureAwait(false);
            }
            catch (SecureMessageException ex)
            {
                throw new DeliveryPolicyViolationException(
                    DeliveryPolicyViolation.ProtectionFailed,
                    $"The policy demands {EndToEndText.Describe(plan.ProtectionToApply, chosen)} and the keys could not be used ({ex.Failure}); nothing was sent.",
                    ex)
                {
                    Address = ex.Address,
                    Setting = "EndToEnd",
                };
            }

            Log.PolicyProtectionApplied(_logger, message.MessageId, plan.ProtectionToApply, chosen);
        }

        var current = outgoing.Headers[SesHeaders.ConfigurationSet]?.Trim();
        if (plan.ConfigurationSet is { } set && !string.Equals(current, set, StringComparison.Ordinal))
        {
            outgoing = SesHeaders.WithConfigurationSet(outgoing, set);
        }

        return outgoing;
    }

    private static async Task<MimeMessage> DeepCopyAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await message.WriteToAsync(TransportFormat.Options, buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        return await MimeMessage.LoadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask WaitForSendRateAsync(int recipients, CancellationToken cancellationToken)
    {
        // A limiter replaced by a re-read rate is retired: it refuses new senders (TryEnter) and is disposed when the
        // senders waiting in it are through; a sender it refused takes the new one.
        while (await GetLimiterAsync(cancellationToken).ConfigureAwait(false) is { } limiter)
        {
            if (!limiter.TryEnter())
            {
                continue;
            }

            try
            {
                await limiter.AcquireAsync(recipients, cancellationToken).ConfigureAwait(false);
                return;
            }
            finally
            {
                limiter.Exit();
            }
        }
    }

    private bool AccountRateDue() =>
        _timeProvider.GetElapsedTime(Volatile.Read(ref _accountReadAt)).Ticks >= Volatile.Read(ref _accountReadAfterTicks);

    private async ValueTask<RecipientRateLimiter?> GetLimiterAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _limiter);
        if (_rateMode != SendRateMode.FromAccount || (current is not null && !AccountRateDue()))
        {
            return current;
        }

        if (current is null)
        {
            await _limiterGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (!await _limiterGate.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            // Another send is re-reading the rate; this one goes on at the current rate.
            return current;
        }

        try
        {
            current = _limiter;
            if (current is not null && !AccountRateDue())
            {
                return current;
            }

            return await ReadAccountRateAsync(current, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _limiterGate.Release();
        }
    }

    /// <summary>Reads the account's rate (under <see cref="_limiterGate"/>) and installs a limiter for it.</summary>
    private async ValueTask<RecipientRateLimiter> ReadAccountRateAsync(RecipientRateLimiter? current, CancellationToken cancellationToken)
    {
        double rate;
        try
        {
            rate = await _rateSource!.GetMaxSendRateAsync(cancellationToken).ConfigureAwait(false);
            if (!RecipientRateLimiter.IsUsableRate(rate))
            {
                throw new SesServiceException($"Amazon SES reported a maximum send rate of {rate} recipients per second; the library needs a finite rate above 0.", isTransient: false)
                {
                    Transport = SesTransportKind.Https,
                };
            }
        }
        catch (SesTransportException ex) when (current is not null)
        {
            // Keep the rate read before: an older rate of the same account is closer than any default.
            var retryAfter = _accountRefreshInterval == Timeout.InfiniteTimeSpan || _accountRefreshInterval > AccountRateRetryDelay ? AccountRateRetryDelay : _accountRefreshInterval;
            MarkAccountRead(retryAfter);
            Log.AccountSendRateRefreshFailed(_logger, ex.GetType().Name, ex.ErrorType, current.RecipientsPerSecond, retryAfter);
            return current;
        }
        catch (SesTransportException ex)
        {
            Log.AccountSendRateUnavailable(_logger, ex.GetType().Name, ex.ErrorType);
            throw new DeliveryPolicyViolationException(
                DeliveryPolicyViolation.SendRateUnavailable,
                $"SendRate.Mode is FromAccount and the account's maximum send rate could not be read ({ex.GetType().Name}); nothing was sent.",
                ex.IsTransient,
                ex)
            {
                Setting = "SendRate.Mode",
            };
        }

        MarkAccountRead(_accountRefreshInterval);
        if (current is not null && current.RecipientsPerSecond.Equals(rate))
        {
            return current;
        }

        var limiter = new RecipientRateLimiter(rate);
        Volatile.Write(ref _limiter, limiter);
        current?.Retire();
        Log.SendRateSet(_logger, rate, _rateMode);
        return limiter;
    }

    private void MarkAccountRead(TimeSpan readAfter)
    {
        Volatile.Write(ref _accountReadAfterTicks, readAfter == Timeout.InfiniteTimeSpan ? long.MaxValue : readAfter.Ticks);
        Volatile.Write(ref _accountReadAt, _timeProvider.GetTimestamp());
    }

    private async Task<(SendReceipt Receipt, string Transport, int Failovers)> SendOnFirstHealthyAsync(
        MimeMessage outgoing,
        IReadOnlyList<string> planned,
        Activity? activity,
        CancellationToken cancellationToken)
    {
        var order = _bench.Order(planned);
        var failures = new List<SesTransportException>();
        for (var i = 0; i < order.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = order[i];
            try
            {
                var receipt = await _transports[name].SendAsync(outgoing, cancellationToken).ConfigureAwait(false);
                if (_bench.Release(name))
                {
                    Log.TransportRecovered(_logger, name);
                }

                return (receipt, name, i);
            }
            catch (SesTransportException ex) when (CanFailOver(ex))
            {
                var until = _bench.Bench(name);
                failures.Add(ex);
                Log.TransportBenched(_logger, name, ex.GetType().Name, ex.SmtpStatusCode, until);
                if (i < order.Count - 1)
                {
                    _metrics.Failovers.Add(1, new KeyValuePair<string, object?>("transport", name));
                }
            }
            catch (SesTransportException ex)
            {
                Log.PermanentFailureNoFailover(_logger, name, ex.GetType().Name, ex.SmtpStatusCode, ex.ErrorType);
                activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
                throw;
            }
        }

        activity?.SetStatus(ActivityStatusCode.Error, "AllTransportsFailed");
        if (failures.Count == 1)
        {
            ExceptionDispatchInfo.Throw(failures[0]);
        }

        throw new SesTransportException(
            $"Every transport of the plan failed ({string.Join(", ", order.Zip(failures, (n, f) => $"{n}: {f.GetType().Name}"))}).",
            isTransient: failures.Exists(f => f.IsTransient),
            new AggregateException(failures))
        {
            Transport = failures[^1].Transport,
        };
    }
}
