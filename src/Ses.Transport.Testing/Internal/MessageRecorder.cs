using MimeKit;
using Ses.Transport.Internal;
using Ses.Transport.Security;

namespace Ses.Transport.Testing.Internal;

/// <summary>
/// Applies SES's rules to an incoming message (configuration set, tags), simulates hop 2, keeps the record, and
/// wakes tests waiting for messages. Thread-safe.
/// </summary>
internal sealed class MessageRecorder(SandboxReceivers receivers, SandboxConfigurationSets sets, TimeProvider time)
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly List<SandboxMessage> _messages = [];
    private readonly List<Waiter> _waiters = [];

    public IReadOnlyList<SandboxMessage> Snapshot()
    {
        lock (_gate)
        {
            return [.. _messages];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _messages.Clear();
        }
    }

    /// <summary>
    /// The configuration set and tags of a message: the API's fields win; otherwise SES reads the
    /// <c>X-SES-CONFIGURATION-SET</c> and <c>X-SES-MESSAGE-TAGS</c> headers.
    /// </summary>
    /// <exception cref="SandboxRejection">The set does not exist, or a name or tag breaks SES's rules.</exception>
    public (string? ConfigurationSet, IReadOnlyList<KeyValuePair<string, string>> Tags) ResolveSesFields(
        MimeMessage message, string? apiConfigurationSet, IReadOnlyList<KeyValuePair<string, string>>? apiTags)
    {
        var name = string.IsNullOrEmpty(apiConfigurationSet) ? message.Headers[SesHeaders.ConfigurationSet]?.Trim() : apiConfigurationSet;
        if (string.IsNullOrEmpty(name))
        {
            name = null;
        }
        else if (!SesHeaders.IsValidConfigurationSetName(name))
        {
            throw new SandboxRejection(SandboxRejectionKind.Invalid, $"Invalid configuration set name: {name}");
        }
        else if (!sets.Contains(name))
        {
            throw new SandboxRejection(SandboxRejectionKind.UnknownConfigurationSet, $"Configuration set <{name}> does not exist.");
        }

        var tags = new List<KeyValuePair<string, string>>();
        foreach (var (tagName, value) in apiTags ?? [])
        {
            if (!SesHeaders.IsValidTagPart(tagName) || !SesHeaders.IsValidTagPart(value))
            {
                throw new SandboxRejection(SandboxRejectionKind.Invalid, $"Invalid message tag: {tagName}={value}");
            }

            tags.Add(new(tagName, value));
        }

        foreach (var header in message.Headers.Where(h => h.Field.Equals(SesHeaders.MessageTags, StringComparison.OrdinalIgnoreCase)))
        {
            try
            {
                tags.AddRange(SesHeaders.ParseTags(header.Value));
            }
            catch (SesMessageValidationException ex)
            {
                throw new SandboxRejection(SandboxRejectionKind.Invalid, ex.Message);
            }
        }

        return (name, tags);
    }

    public SandboxMessage Record(IncomingMessage incoming)
    {
        var policy = incoming.ConfigurationSetName is { } set && sets.TryGet(set, out var entry) ? entry.TlsPolicy : SandboxTlsPolicy.Optional;
        var outcomes = incoming.Recipients.Select(r => Hop2(r, policy, incoming.ConfigurationSetName)).ToList();
        var now = time.GetUtcNow();
        var message = new SandboxMessage(
            SesMessageIds.Create(now),
            incoming.Transport,
            incoming.RawMime,
            incoming.EnvelopeFrom,
            incoming.Recipients,
            incoming.TlsProtocol,
            incoming.TlsCipherSuite,
            incoming.ConfigurationSetName,
            incoming.Tags,
            outcomes,
            now,
            SecureMessageClassifier.Classify(incoming.Message),
            incoming.Message.Subject);

        List<Waiter> done = [];
        lock (_gate)
        {
            _messages.Add(message);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].IsSatisfied(_messages))
                {
                    done.Add(_waiters[i]);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var waiter in done)
        {
            waiter.Complete();
        }

        return message;
    }

    public async Task<SandboxMessage> WaitForMessageAsync(Func<SandboxMessage, bool>? predicate, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(predicate ?? (_ => true), 0);
        var result = await WaitAsync(waiter, timeout, "a message" + (predicate is null ? "" : " matching the condition"), cancellationToken).ConfigureAwait(false);
        return result.Match!;
    }

    public async Task<IReadOnlyList<SandboxMessage>> WaitForMessagesAsync(int count, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var waiter = new Waiter(null, count);
        var result = await WaitAsync(waiter, timeout, $"{count} message(s)", cancellationToken).ConfigureAwait(false);
        return result.Messages;
    }

    private SandboxRecipientOutcome Hop2(string recipient, SandboxTlsPolicy policy, string? set)
    {
        var at = recipient.LastIndexOf('@');
        var domain = at < 0 ? recipient : recipient[(at + 1)..].TrimEnd('>');
        return (receivers.GetTls(domain), policy) switch
        {
            (SandboxReceiverTls.Supported, _) => new(recipient, SandboxDeliveryOutcome.Delivered, $"The receiver for {domain} accepts TLS; delivered over TLS."),
            (_, SandboxTlsPolicy.Require) => new(recipient, SandboxDeliveryOutcome.Dropped, $"Configuration set {set} requires TLS (TlsPolicy REQUIRE) and the receiver for {domain} does not offer it; SES drops the message."),
            _ => new(recipient, SandboxDeliveryOutcome.DeliveredWithoutTls, $"The receiver for {domain} does not offer TLS and the TlsPolicy is OPTIONAL{(set is null ? " (no configuration set)" : $" (configuration set {set})")}; delivered in clear."),
        };
    }

    private async Task<(SandboxMessage? Match, IReadOnlyList<SandboxMessage> Messages)> WaitAsync(Waiter waiter, TimeSpan? timeout, string what, CancellationToken cancellationToken)
    {
        var wait = timeout ?? DefaultWait;
        lock (_gate)
        {
            if (waiter.IsSatisfied(_messages))
            {
                return (waiter.Match, waiter.Messages);
            }

            _waiters.Add(waiter);
        }

        try
        {
            // Real time: the wait is the test's patience, not the sandbox's clock (which may be a fake one).
            await waiter.Task.WaitAsync(wait, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            return (waiter.Match, waiter.Messages);
        }
        catch (TimeoutException)
        {
            int held;
            lock (_gate)
            {
                _waiters.Remove(waiter);
                held = _messages.Count;
            }

            throw new TimeoutException($"The sandbox did not receive {what} within {wait.TotalSeconds:0.#} s; it holds {held} message(s).");
        }
        catch (OperationCanceledException)
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }

            throw;
        }
    }

    private sealed class Waiter(Func<SandboxMessage, bool>? predicate, int count)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task => _done.Task;

        public SandboxMessage? Match { get; private set; }

        public IReadOnlyList<SandboxMessage> Messages { get; private set; } = [];

        // Called under the recorder's lock.
        public bool IsSatisfied(List<SandboxMessage> messages)
        {
            if (predicate is not null)
            {
                Match = messages.FirstOrDefault(predicate);
                return Match is not null;
            }

            if (messages.Count >= count)
            {
                Messages = [.. messages.Take(count)];
                return true;
            }

            return false;
        }

        public void Complete() => _done.TrySetResult();
    }
}
