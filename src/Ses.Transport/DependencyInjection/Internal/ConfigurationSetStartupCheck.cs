using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ses.Transport.Diagnostics;
using Ses.Transport.Policy;

namespace Ses.Transport.DependencyInjection.Internal;

/// <summary>
/// At host start-up, for every registered sender whose <see cref="SesTransportOptions.ConfigurationSetCheck"/> is not
/// <see cref="ConfigurationSetCheckMode.None"/>: ensures or verifies each configuration set its policy names, with the
/// receiver TLS the policy needs from it, and records the result in the sender's <see cref="KnownConfigurationSets"/>.
/// A mismatch (or a set named for both levels) fails start-up: the host does not start with a weaker set than the
/// policy names.
/// </summary>
internal sealed class ConfigurationSetStartupCheck(SesTransportRegistry registry, SesSenderFactory senders, ILoggerFactory? loggerFactory = null) : IHostedService
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Ses.Transport.Policy");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var name in registry.Names.Order(StringComparer.Ordinal))
        {
            var sender = senders.Get(name);
            var mode = sender.Options.ConfigurationSetCheck;
            if (mode == ConfigurationSetCheckMode.None)
            {
                continue;
            }

            var sets = SetsOf(sender.Options.Policy, registry.PathOf(name));
            Log.ConfigurationSetCheckStarting(_logger, name, mode.ToString(), sets.Count);
            var provisioner = new ConfigurationSetProvisioner(sender.ApiClient, sender.KnownSets, sender.LoggerFactory);
            foreach (var (set, level) in sets)
            {
                if (mode == ConfigurationSetCheckMode.Ensure)
                {
                    await provisioner.EnsureConfigurationSetAsync(set, level, sender.Options.ConfigurationSetMaxDeliverySeconds, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await provisioner.VerifyConfigurationSetAsync(set, level, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The configuration sets <paramref name="policy"/> names and the receiver TLS each must have: the policy's two
    /// mapped sets, and every rule's own set at the rule's receiver TLS (or the policy's).
    /// </summary>
    /// <exception cref="ConfigurationSetMismatchException">A set is named for both <c>OPTIONAL</c> and <c>REQUIRE</c>.</exception>
    internal static IReadOnlyList<(string Name, ReceiverTls Level)> SetsOf(DeliveryPolicy policy, string path)
    {
        var sets = new Dictionary<string, (ReceiverTls Level, string Setting)>(StringComparer.Ordinal);
        void Add(string? name, ReceiverTls level, string setting)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                return;
            }

            name = name.Trim();
            if (sets.TryGetValue(name, out var existing) && existing.Level != level)
            {
                throw new ConfigurationSetMismatchException(
                    name,
                    ReceiverTls.Require,
                    actual: null,
                    $"Configuration set '{name}' is named with receiver TLS {existing.Level} by {path}:{existing.Setting} and {level} by {path}:{setting}; one set has one TlsPolicy.");
            }

            sets.TryAdd(name, (level, setting));
        }

        Add(policy.ConfigurationSets.Require, ReceiverTls.Require, "Policy:ConfigurationSets:Require");
        Add(policy.ConfigurationSets.Optional, ReceiverTls.Optional, "Policy:ConfigurationSets:Optional");
        for (var i = 0; i < policy.Rules.Count; i++)
        {
            if (policy.Rules[i] is { } rule)
            {
                Add(rule.ConfigurationSet, rule.ReceiverTls ?? policy.ReceiverTls, $"Policy:Rules:{i}:ConfigurationSet");
            }
        }

        return [.. sets.Select(p => (p.Key, p.Value.Level))];
    }
}
