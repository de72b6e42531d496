using Ses.Transport.Security;

namespace Ses.Transport.Policy.Internal;

/// <summary>
/// The effective settings for the recipients of one rule (or of the policy defaults, <see cref="RuleIndex"/> -1):
/// the policy's settings with the rule's overrides applied.
/// </summary>
internal sealed class RuleGroup
{
    public required int RuleIndex { get; init; }

    /// <summary>How reasons name the source: <c>rule 'name'</c> or <c>the policy defaults</c>.</summary>
    public required string Source { get; init; }

    public required IReadOnlyList<RecipientPattern> Patterns { get; init; }

    public required ReceiverTls ReceiverTls { get; init; }

    /// <summary>The configuration set, and where it comes from (<c>rule 'x'</c>, <c>policy ConfigurationSets.Require</c>).</summary>
    public required string? ConfigurationSet { get; init; }

    public required string ConfigurationSetSource { get; init; }

    public required MessageProtection Protection { get; init; }

    public required ProtectionScheme? Scheme { get; init; }

    /// <summary>The allowed transports in order; empty means every transport.</summary>
    public required IReadOnlyList<string> Transports { get; init; }

    public bool IsDefault => RuleIndex < 0;
}
