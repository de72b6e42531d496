using MimeKit;
using Ses.Transport.Internal;
using Ses.Transport.Policy.Internal;
using Ses.Transport.Security;

namespace Ses.Transport.Policy;

/// <summary>
/// Turns a message into a <see cref="DeliveryPlan"/>: which transports in which order, which configuration set (and so
/// which receiver TLS), which end-to-end protection to apply or demand, with the reasons. Pure: no I/O, no clock;
/// thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Each recipient (To, Cc, Bcc) falls under its most specific matching rule (address, then domain, then
/// <c>*.domain</c> wildcard, longer wildcards first; the first listed rule among equals), or under the policy
/// defaults. <see cref="Plan"/> gives one plan for the whole message: when recipients fall under different rules, the
/// strictest of their settings wins — <see cref="ReceiverTls.Require"/> over <see cref="ReceiverTls.Optional"/>, the
/// union of the demanded protections (sign, encrypt), a scheme demanded by any group, and only the transports every
/// group allows (in the first group's order). What cannot be merged (S/MIME for one group and PGP for another, two
/// configuration sets at the same level, no transport in common) is a <see cref="DeliveryPlan.Conflicts">conflict</see>;
/// <see cref="PlanPerRuleGroup"/> plans each group on its own instead.
/// </para>
/// <para>
/// A configuration set the message names in <c>X-SES-CONFIGURATION-SET</c> is kept when the plan's receiver TLS is
/// <see cref="ReceiverTls.Optional"/>, or when it is known to be <c>REQUIRE</c>; otherwise the plan replaces it with the
/// policy's set for <see cref="ReceiverTls.Require"/>.
/// </para>
/// </remarks>
public sealed class DeliveryPolicyEngine
{
    private readonly RuleGroup _defaults;
    private readonly IReadOnlyList<RuleGroup> _rules;
    private readonly MinimumTlsVersion _minimumTls;

    /// <summary>Creates the engine; <paramref name="policy"/> is read once, here, and later changes to it have no effect.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="configurationSets">What is known about configuration sets' TLS policies; an empty record when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A setting is invalid (a malformed recipient pattern, a configuration set name SES would refuse, an undefined enum value); the message names it.</exception>
    public DeliveryPolicyEngine(DeliveryPolicy policy, KnownConfigurationSets? configurationSets = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ConfigurationSets = configurationSets ?? new KnownConfigurationSets();
        EnsureDefined(policy.MinimumTlsVersion, nameof(DeliveryPolicy.MinimumTlsVersion));
        _minimumTls = policy.MinimumTlsVersion;

        EnsureDefined(policy.ReceiverTls, nameof(DeliveryPolicy.ReceiverTls));
        CheckSetName(policy.ConfigurationSets.Optional, "ConfigurationSets.Optional");
        CheckSetName(policy.ConfigurationSets.Require, "ConfigurationSets.Require");
        CheckProtection(policy.EndToEnd, "EndToEnd");
        var defaultTransports = CheckTransports(policy.Transports, "Transports");
        _defaults = new RuleGroup
        {
            RuleIndex = -1,
            Source = PlanReasons.PolicyDefaults,
            Patterns = [],
            ReceiverTls = policy.ReceiverTls,
            ConfigurationSet = policy.ConfigurationSets.For(policy.ReceiverTls),
            ConfigurationSetSource = PlanReasons.PolicySetSource(policy.ReceiverTls),
            Protection = policy.EndToEnd.Protection,
            Scheme = policy.EndToEnd.Scheme,
            Transports = defaultTransports,
        };

        var rules = new List<RuleGroup>();
        for (var i = 0; i < policy.Rules.Count; i++)
        {
            var rule = policy.Rules[i] ?? throw new ArgumentException($"Rules[{i}] is null.", nameof(policy));
            var setting = $"Rules[{i}]";
            var patterns = rule.Recipients.Select((p, j) => RecipientPattern.Parse(p, $"{setting}.Recipients[{j}]")).ToList();
            if (rule.ReceiverTls is { } tls)
            {
                EnsureDefined(tls, $"{setting}.ReceiverTls");
            }

            CheckSetName(rule.ConfigurationSet, $"{setting}.ConfigurationSet");
            if (rule.EndToEnd is not null)
            {
                CheckProtection(rule.EndToEnd, $"{setting}.EndToEnd");
            }

            var receiverTls = rule.ReceiverTls ?? policy.ReceiverTls;
            var transports = CheckTransports(rule.Transports, $"{setting}.Transports");
            var source = PlanReasons.RuleSource(string.IsNullOrWhiteSpace(rule.Name) ? setting : rule.Name.Trim());
            rules.Add(new RuleGroup
            {
                RuleIndex = i,
                Source = source,
                Patterns = patterns,
                ReceiverTls = receiverTls,
                ConfigurationSet = rule.ConfigurationSet ?? policy.ConfigurationSets.For(receiverTls),
                ConfigurationSetSource = rule.ConfigurationSet is not null ? source : PlanReasons.PolicySetSource(receiverTls),
                Protection = rule.EndToEnd?.Protection ?? policy.EndToEnd.Protection,
                Scheme = rule.EndToEnd is { } e ? e.Scheme : policy.EndToEnd.Scheme,
                Transports = transports.Count > 0 ? transports : defaultTransports,
            });
        }

        _rules = rules;
    }

    /// <summary>What is known about configuration sets' TLS policies (shared with whoever verifies them).</summary>
    public KnownConfigurationSets ConfigurationSets { get; }

    /// <summary>Plans the whole message as one: the strictest settings of all its recipients' rules.</summary>
    /// <param name="message">The message; it is only read.</param>
    /// <returns>The plan, with its reasons and any conflicts.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    public DeliveryPlan Plan(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var assigned = Assign(message);
        return Build(message, assigned);
    }

    /// <summary>
    /// Plans each rule group of the message on its own: one plan per group of recipients that fall under the same rule
    /// (or the policy defaults), in the order the groups' first recipients appear. Send one copy per plan, addressed to
    /// its <see cref="DeliveryPlan.Recipients"/>, when recipients' demands cannot be merged.
    /// </summary>
    /// <param name="message">The message; it is only read.</param>
    /// <returns>One plan per group; one plan (as <see cref="Plan"/>) when every recipient is in the same group.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<DeliveryPlan> PlanPerRuleGroup(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var assigned = Assign(message);
        if (assigned.Count == 0)
        {
            return [Build(message, assigned)];
        }

        return [.. assigned.GroupBy(a => a.Group.RuleIndex).Select(g => Build(message, [.. g]))];
    }

    private List<Assignment> Assign(MimeMessage message)
    {
        var result = new List<Assignment>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var mailbox in message.GetRecipients(onlyUnique: true))
        {
            var (address, domain) = RecipientPattern.NormalizeRecipient(mailbox.Address);
            if (!seen.Add(address))
            {
                continue;
            }

            RuleGroup? best = null;
            RecipientPattern? bestPattern = null;
            foreach (var rule in _rules)
            {
                foreach (var pattern in rule.Patterns)
                {
                    if (pattern.Matches(address, domain) && (bestPattern is null || pattern.Specificity > bestPattern.Specificity))
                    {
                        best = rule;
                        bestPattern = pattern;
                    }
                }
            }

            result.Add(new Assignment(mailbox.Address, best ?? _defaults, bestPattern));
        }

        return result;
    }

    private DeliveryPlan Build(MimeMessage message, IReadOnlyList<Assignment> assigned)
    {
        var reasons = new List<string>();
        var conflicts = new List<DeliveryPlanConflict>();
        foreach (var a in assigned)
        {
            reasons.Add(a.Pattern is null ? PlanReasons.NoRuleMatched(a.Address) : PlanReasons.RuleMatched(a.Address, a.Group.Source, a.Pattern));
        }

        // Groups in the order their first recipient appears; a message without recipients gets the defaults.
        var groups = assigned.Select(a => a.Group).Distinct().ToList();
        if (groups.Count == 0)
        {
            groups.Add(_defaults);
        }

        reasons.Add(PlanReasons.MinimumTls(_minimumTls));

        // Receiver TLS (hop 2): Require beats Optional.
        var receiverTls = groups.Max(g => g.ReceiverTls);
        reasons.Add(groups.Count == 1
            ? PlanReasons.ReceiverTlsFrom(receiverTls, groups[0].Source)
            : PlanReasons.ReceiverTlsStrictest(receiverTls, groups.Select(g => (g.Source, g.ReceiverTls))));

        // Configuration set: the strictest level's set; the message's own header where it is safe to keep.
        var strictSets = groups.Where(g => g.ReceiverTls == receiverTls).Select(g => (g.ConfigurationSet, g.ConfigurationSetSource, g.Source)).ToList();
        var named = strictSets.Where(s => s.ConfigurationSet is not null).ToList();
        var distinctNames = named.Select(s => s.ConfigurationSet!).Distinct(StringComparer.Ordinal).ToList();
        if (distinctNames.Count > 1)
        {
            conflicts.Add(new DeliveryPlanConflict(
                DeliveryPolicyViolation.ConfigurationSetConflict,
                "ConfigurationSet",
                PlanReasons.ConfigurationSetConflict(receiverTls, named.Select(s => (s.Source, s.ConfigurationSet!)))));
        }

        var configurationSet = named.FirstOrDefault().ConfigurationSet;
        var setSource = named.FirstOrDefault().ConfigurationSetSource;
        var header = message.Headers[SesHeaders.ConfigurationSet]?.Trim();
        if (!string.IsNullOrEmpty(header))
        {
            if (receiverTls == ReceiverTls.Optional || ConfigurationSets.IsKnownRequire(header))
            {
                configurationSet = header;
                setSource = PlanReasons.MessageHeaderSource;
            }
            else
            {
                reasons.Add(PlanReasons.HeaderReplaced(header, configurationSet));
            }
        }

        reasons.Add(configurationSet is null ? PlanReasons.NoConfigurationSet(receiverTls) : PlanReasons.ConfigurationSetFrom(configurationSet, setSource!));
        var knownRequire = ConfigurationSets.IsKnownRequire(configurationSet);
        if (receiverTls == ReceiverTls.Require && configurationSet is not null)
        {
            reasons.Add(PlanReasons.KnownRequire(configurationSet, knownRequire));
        }

        // End to end: the union of what the groups demand, with the one scheme any of them names.
        var demanding = groups.Where(g => g.Protection != MessageProtection.None).ToList();
        var protection = groups.Aggregate(MessageProtection.None, (p, g) => p | g.Protection);
        var schemes = demanding.Where(g => g.Scheme is not null).Select(g => (g.Source, Scheme: g.Scheme!.Value)).ToList();
        ProtectionScheme? scheme = schemes.Count > 0 ? schemes[0].Scheme : null;
        if (schemes.Select(s => s.Scheme).Distinct().Count() > 1)
        {
            conflicts.Add(new DeliveryPlanConflict(
                DeliveryPolicyViolation.ProtectionSchemeConflict,
                "EndToEnd.Scheme",
                PlanReasons.SchemeConflict(schemes)));
        }

        if (protection == MessageProtection.None)
        {
            reasons.Add(PlanReasons.NoEndToEnd);
        }
        else
        {
            reasons.Add(demanding.Count == 1 && groups.Count == 1
                ? PlanReasons.EndToEndFrom(protection, scheme, demanding[0].Source)
                : PlanReasons.EndToEndStrictest(protection, scheme, groups.Select(g => (g.Source, g.Protection, g.Scheme))));
        }

        var existing = SecureMessageClassifier.Classify(message);
        var toApply = MessageProtection.None;
        var existingMeetsDemand = true;
        if (existing.IsProtected)
        {
            existingMeetsDemand = Meets(existing, protection, scheme);
            reasons.Add(protection == MessageProtection.None
                ? PlanReasons.AlreadyProtectedNothingDemanded(existing)
                : existingMeetsDemand ? PlanReasons.AlreadyProtectedMeets(existing) : PlanReasons.AlreadyProtectedFallsShort(existing, protection, scheme));
        }
        else if (protection != MessageProtection.None)
        {
            toApply = protection;
            reasons.Add(PlanReasons.ToApply(protection, scheme));
        }

        // Transports: only those every group allows, in the first group's order.
        var lists = groups.Where(g => g.Transports.Count > 0).ToList();
        IReadOnlyList<string> transports = [];
        if (lists.Count == 0)
        {
            reasons.Add(PlanReasons.AllTransports);
        }
        else
        {
            transports = [.. lists[0].Transports.Where(t => lists.All(l => l.Transports.Contains(t, StringComparer.Ordinal)))];
            if (transports.Count == 0)
            {
                conflicts.Add(new DeliveryPlanConflict(
                    DeliveryPolicyViolation.NoCommonTransport,
                    "Transports",
                    PlanReasons.NoCommonTransport(lists.Select(l => (l.Source, l.Transports)))));
            }
            else
            {
                reasons.Add(lists.Count == 1 && lists[0].Transports.SequenceEqual(transports)
                    ? PlanReasons.TransportsFrom(transports, lists[0].IsDefault || lists[0].Transports == _defaults.Transports ? PlanReasons.PolicyDefaults : lists[0].Source)
                    : PlanReasons.TransportsCommon(transports, lists.Select(l => l.Source)));
            }
        }

        return new DeliveryPlan(
            recipients: [.. assigned.Select(a => a.Address)],
            sender: message.Sender?.Address ?? message.From.Mailboxes.FirstOrDefault()?.Address,
            matchedRules: [.. groups.Where(g => !g.IsDefault).Select(g => g.Source)],
            transports: transports,
            configurationSet: configurationSet,
            configurationSetKnownRequire: knownRequire,
            receiverTls: receiverTls,
            requiredProtection: protection,
            requiredScheme: scheme,
            existingProtection: existing,
            existingProtectionMeetsDemand: existingMeetsDemand,
            protectionToApply: toApply,
            minimumTlsVersion: _minimumTls,
            reasons: reasons,
            conflicts: conflicts);
    }

    /// <summary>
    /// Whether what the caller applied meets the demand. An encrypted message counts as signed too: a signature inside
    /// the encryption cannot be seen without the recipient's key (sign-then-encrypt shows as encrypted only).
    /// </summary>
    private static bool Meets(MessageProtectionInfo existing, MessageProtection demand, ProtectionScheme? scheme)
    {
        var needSign = demand.HasFlag(MessageProtection.Sign);
        var needEncrypt = demand.HasFlag(MessageProtection.Encrypt);
        if (needEncrypt && !existing.IsEncrypted)
        {
            return false;
        }

        if (needSign && !existing.IsSigned && !existing.IsEncrypted)
        {
            return false;
        }

        return scheme is null || existing.Scheme == scheme;
    }

    private static void CheckSetName(string? name, string setting)
    {
        if (name is not null && !SesHeaders.IsValidConfigurationSetName(name))
        {
            throw new ArgumentException($"{setting} '{name}' is not a valid configuration set name (ASCII letters, digits, '_' and '-', 1 to 64 characters).", setting);
        }
    }

    private static void CheckProtection(EndToEndProtection protection, string setting)
    {
        if ((protection.Protection & ~(MessageProtection.SignAndEncrypt | MessageProtection.AttachPublicKey)) != 0)
        {
            throw new ArgumentException($"{setting}.Protection has an undefined value ({protection.Protection}).", setting);
        }

        if (protection.Scheme is { } scheme)
        {
            EnsureDefined(scheme, $"{setting}.Scheme");
        }
    }

    private static List<string> CheckTransports(IList<string> names, string setting)
    {
        var result = new List<string>();
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i]?.Trim();
            if (string.IsNullOrEmpty(name))
            {
                throw new ArgumentException($"{setting}[{i}] is empty.", setting);
            }

            if (!result.Contains(name, StringComparer.Ordinal))
            {
                result.Add(name);
            }
        }

        return result;
    }

    private static void EnsureDefined<TEnum>(TEnum value, string setting)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentException($"{setting} has an undefined value ({value}).", setting);
        }
    }

    private readonly record struct Assignment(string Address, RuleGroup Group, RecipientPattern? Pattern);
}
