using Ses.Transport.Security;

namespace Ses.Transport.Policy.Internal;

/// <summary>The wording of <see cref="DeliveryPlan.Reasons"/> and conflicts, in one place (tests compare it).</summary>
internal static class PlanReasons
{
    public const string PolicyDefaults = "the policy defaults";

    public const string MessageHeaderSource = "the message's X-SES-CONFIGURATION-SET header";

    public const string NoEndToEnd = "end to end: nothing demanded";

    public const string AllTransports = "transports: every configured transport, in name order (the policy lists none)";

    public static string RuleSource(string name) => $"rule '{name}'";

    public static string PolicySetSource(ReceiverTls level) => $"policy ConfigurationSets.{level}";

    public static string NoRuleMatched(string address) => $"{address}: no rule matches; the policy defaults apply";

    public static string RuleMatched(string address, string source, RecipientPattern pattern) =>
        $"{address}: {source} matches ({pattern.Kind.ToString().ToLowerInvariant()} pattern '{pattern.Text}')";

    public static string MinimumTls(MinimumTlsVersion version) =>
        $"hop 1 (sender to SES): TLS {(version == MinimumTlsVersion.Tls13 ? "1.3" : "1.2")} or later (policy MinimumTlsVersion)";

    public static string ReceiverTlsFrom(ReceiverTls level, string source) => $"receiver TLS {level} from {source}";

    public static string ReceiverTlsStrictest(ReceiverTls level, IEnumerable<(string Source, ReceiverTls Level)> groups) =>
        $"receiver TLS {level}: the strictest of {string.Join(", ", groups.Select(g => $"{g.Source} ({g.Level})"))}";

    public static string ConfigurationSetConflict(ReceiverTls level, IEnumerable<(string Source, string Name)> sets) =>
        $"recipients need different configuration sets for receiver TLS {level}: {string.Join(", ", sets.Select(s => $"{s.Source} uses '{s.Name}'"))}; a message carries one";

    public static string HeaderReplaced(string header, string? replacement) =>
        $"the message's configuration set '{header}' is not known to be REQUIRE; replaced by {(replacement is null ? "none" : $"'{replacement}'")}";

    public static string NoConfigurationSet(ReceiverTls level) => $"no configuration set (none configured for receiver TLS {level})";

    public static string ConfigurationSetFrom(string name, string source) => $"configuration set '{name}' from {source}";

    public static string KnownRequire(string name, bool known) =>
        known ? $"configuration set '{name}' is known to be REQUIRE" : $"configuration set '{name}' is not known to be REQUIRE";

    public static string SchemeConflict(IEnumerable<(string Source, ProtectionScheme Scheme)> schemes) =>
        $"recipients need different end-to-end schemes: {string.Join(", ", schemes.Select(s => $"{s.Source} demands {EndToEndText.Describe(s.Scheme)}"))}; one message cannot carry both";

    public static string EndToEndFrom(MessageProtection protection, ProtectionScheme? scheme, string source) =>
        $"end to end: {EndToEndText.Describe(protection, scheme)} from {source}";

    public static string EndToEndStrictest(MessageProtection protection, ProtectionScheme? scheme, IEnumerable<(string Source, MessageProtection Protection, ProtectionScheme? Scheme)> groups) =>
        $"end to end: {EndToEndText.Describe(protection, scheme)}, the strictest of {string.Join(", ", groups.Select(g => $"{g.Source} ({EndToEndText.Describe(g.Protection, g.Scheme)})"))}";

    public static string AlreadyProtectedNothingDemanded(MessageProtectionInfo existing) =>
        $"the message is already {Describe(existing)} by the caller; sent as it is";

    public static string AlreadyProtectedMeets(MessageProtectionInfo existing) =>
        $"the message is already {Describe(existing)} by the caller, which meets the demand; nothing applied";

    public static string AlreadyProtectedFallsShort(MessageProtectionInfo existing, MessageProtection protection, ProtectionScheme? scheme) =>
        $"the message is already {Describe(existing)} by the caller, which falls short of {EndToEndText.Describe(protection, scheme)}";

    public static string ToApply(MessageProtection protection, ProtectionScheme? scheme) => $"to apply: {EndToEndText.Describe(protection, scheme)}";

    public static string TransportsFrom(IEnumerable<string> transports, string source) => $"transports {string.Join(", ", transports)} from {source}";

    public static string TransportsCommon(IEnumerable<string> transports, IEnumerable<string> sources) =>
        $"transports {string.Join(", ", transports)}: those allowed by all of {string.Join(", ", sources)}";

    public static string NoCommonTransport(IEnumerable<(string Source, IReadOnlyList<string> Transports)> lists) =>
        $"recipients allow no transport in common: {string.Join("; ", lists.Select(l => $"{l.Source} allows {string.Join(", ", l.Transports)}"))}";

    /// <summary>How a classified message is protected, in words: <c>signed with S/MIME</c>, <c>encrypted with PGP</c>.</summary>
    public static string Describe(MessageProtectionInfo existing)
    {
        var parts = new List<string>();
        if (existing.SignatureScheme is { } signed)
        {
            parts.Add($"signed with {EndToEndText.Describe(signed)}");
        }

        if (existing.EncryptionScheme is { } encrypted)
        {
            parts.Add($"encrypted with {EndToEndText.Describe(encrypted)}");
        }

        return parts.Count == 0 ? "unprotected" : string.Join(" and ", parts);
    }
}
