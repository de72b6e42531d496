using Ses.Transport.Policy.Internal;
using Ses.Transport.Security;

namespace Ses.Transport.Policy;

/// <summary>
/// How one message (or one rule group of it) is to travel, as <see cref="DeliveryPolicyEngine"/> decided, with the
/// reasons. Immutable; carries addresses, rule and configuration set names, never a key or secret.
/// </summary>
public sealed class DeliveryPlan
{
    internal DeliveryPlan(
        IReadOnlyList<string> recipients,
        string? sender,
        IReadOnlyList<string> matchedRules,
        IReadOnlyList<string> transports,
        string? configurationSet,
        bool configurationSetKnownRequire,
        ReceiverTls receiverTls,
        MessageProtection requiredProtection,
        ProtectionScheme? requiredScheme,
        MessageProtectionInfo existingProtection,
        bool existingProtectionMeetsDemand,
        MessageProtection protectionToApply,
        MinimumTlsVersion minimumTlsVersion,
        IReadOnlyList<string> reasons,
        IReadOnlyList<DeliveryPlanConflict> conflicts)
    {
        Recipients = recipients;
        Sender = sender;
        MatchedRules = matchedRules;
        Transports = transports;
        ConfigurationSet = configurationSet;
        ConfigurationSetKnownRequire = configurationSetKnownRequire;
        ReceiverTls = receiverTls;
        RequiredProtection = requiredProtection;
        RequiredScheme = requiredScheme;
        ExistingProtection = existingProtection;
        ExistingProtectionMeetsDemand = existingProtectionMeetsDemand;
        ProtectionToApply = protectionToApply;
        MinimumTlsVersion = minimumTlsVersion;
        Reasons = reasons;
        Conflicts = conflicts;
    }

    /// <summary>The recipients (To, Cc, Bcc, each once) this plan covers; SES counts each against the send rate.</summary>
    public IReadOnlyList<string> Recipients { get; }

    /// <summary>The address a signature must be made for (Sender, else the first From), if any.</summary>
    public string? Sender { get; }

    /// <summary>The names of the rules that matched at least one recipient (as <c>rule 'name'</c>).</summary>
    public IReadOnlyList<string> MatchedRules { get; }

    /// <summary>The transport names in failover order; empty means every transport, in name order.</summary>
    public IReadOnlyList<string> Transports { get; }

    /// <summary>The configuration set to send with (<c>X-SES-CONFIGURATION-SET</c>), or <see langword="null"/> for none.</summary>
    public string? ConfigurationSet { get; }

    /// <summary>Whether <see cref="ConfigurationSet"/> is known to have <c>TlsPolicy</c> <c>REQUIRE</c> (when the plan was made).</summary>
    public bool ConfigurationSetKnownRequire { get; }

    /// <summary>The receiver TLS (hop 2) the message needs.</summary>
    public ReceiverTls ReceiverTls { get; }

    /// <summary>The end-to-end protection demanded (<see cref="MessageProtection.None"/> when none).</summary>
    public MessageProtection RequiredProtection { get; }

    /// <summary>The scheme demanded, or <see langword="null"/> for either.</summary>
    public ProtectionScheme? RequiredScheme { get; }

    /// <summary>How the caller already protected the message (read from its media types).</summary>
    public MessageProtectionInfo ExistingProtection { get; }

    /// <summary>Whether the caller's protection meets <see cref="RequiredProtection"/> (<see langword="true"/> when nothing is demanded or the message is unprotected).</summary>
    public bool ExistingProtectionMeetsDemand { get; }

    /// <summary>What the sender must apply before sending: the demand, when the caller did not protect the message; else nothing.</summary>
    public MessageProtection ProtectionToApply { get; }

    /// <summary>The lowest TLS version for hop 1 (sender → SES).</summary>
    public MinimumTlsVersion MinimumTlsVersion { get; }

    /// <summary>Why: which rule matched each recipient and how each setting was chosen, in words.</summary>
    public IReadOnlyList<string> Reasons { get; }

    /// <summary>What the recipients' rules demand that one message cannot satisfy together; empty when none.</summary>
    public IReadOnlyList<DeliveryPlanConflict> Conflicts { get; }

    /// <summary>
    /// Throws when the plan cannot be carried out as it demands, checked in this order: a conflict; receiver TLS
    /// <see cref="ReceiverTls.Require"/> without a configuration set, or with one not known to be <c>REQUIRE</c>; a
    /// caller's protection that falls short; a protection to apply without a signer key for the sender or a
    /// certificate or key for every recipient in <paramref name="keys"/> (for the demanded scheme, or for one of S/MIME
    /// and PGP when either will do).
    /// </summary>
    /// <param name="keys">The key material available to apply protections, or <see langword="null"/> for none.</param>
    /// <exception cref="DeliveryPolicyViolationException">A requirement cannot be met; <see cref="DeliveryPolicyViolationException.Violation"/> says which.</exception>
    public void ThrowIfCannotBeMet(SecureMessageBuilderOptions? keys = null) => ResolveScheme(new KeyInventory(keys));

    /// <inheritdoc />
    public override string ToString() =>
        $"DeliveryPlan {{ Transports = [{string.Join(", ", Transports)}], ConfigurationSet = {ConfigurationSet ?? "(none)"}, ReceiverTls = {ReceiverTls}, " +
        $"EndToEnd = {EndToEndText.Describe(RequiredProtection, RequiredScheme)}, Apply = {EndToEndText.Describe(ProtectionToApply)}, Recipients = {Recipients.Count}, Conflicts = {Conflicts.Count} }}";

    /// <summary>Checks the plan (see <see cref="ThrowIfCannotBeMet"/>) and returns the scheme to apply protections with, or <see langword="null"/> when none is to be applied.</summary>
    internal ProtectionScheme? ResolveScheme(KeyInventory keys)
    {
        if (Conflicts.Count > 0)
        {
            var conflict = Conflicts[0];
            throw new DeliveryPolicyViolationException(conflict.Kind, conflict.Description) { Setting = conflict.Setting };
        }

        if (ReceiverTls == ReceiverTls.Require)
        {
            if (ConfigurationSet is null)
            {
                throw new DeliveryPolicyViolationException(
                    DeliveryPolicyViolation.NoRequireConfigurationSet,
                    "Receiver TLS Require is demanded and no configuration set is configured for it (DeliveryPolicy.ConfigurationSets.Require); nothing was sent.")
                {
                    Setting = "ConfigurationSets.Require",
                };
            }

            if (!ConfigurationSetKnownRequire)
            {
                throw new DeliveryPolicyViolationException(
                    DeliveryPolicyViolation.ConfigurationSetNotKnownRequire,
                    $"Receiver TLS Require is demanded and configuration set '{ConfigurationSet}' is not known to have TlsPolicy REQUIRE; nothing was sent.")
                {
                    Setting = ConfigurationSet,
                };
            }
        }

        if (!ExistingProtectionMeetsDemand)
        {
            throw new DeliveryPolicyViolationException(
                DeliveryPolicyViolation.ExistingProtectionInsufficient,
                $"The message is {PlanReasons.Describe(ExistingProtection)} by the caller, but the policy demands {EndToEndText.Describe(RequiredProtection, RequiredScheme)}; nothing was sent.")
            {
                Setting = "EndToEnd",
            };
        }

        if (ProtectionToApply == MessageProtection.None)
        {
            return null;
        }

        DeliveryPolicyViolationException? first = null;
        foreach (var scheme in RequiredScheme is { } required ? [required] : (ReadOnlySpan<ProtectionScheme>)[ProtectionScheme.SMime, ProtectionScheme.Pgp])
        {
            var missing = MissingKey(keys, scheme);
            if (missing is null)
            {
                return scheme;
            }

            first ??= missing;
        }

        throw first!;
    }

    private DeliveryPolicyViolationException? MissingKey(KeyInventory keys, ProtectionScheme scheme)
    {
        var name = EndToEndText.Describe(scheme);
        if (ProtectionToApply.HasFlag(MessageProtection.Sign) || ProtectionToApply.HasFlag(MessageProtection.AttachPublicKey))
        {
            if (Sender is null || !keys.HasSigner(scheme, Sender))
            {
                return new DeliveryPolicyViolationException(
                    DeliveryPolicyViolation.MissingSignerKey,
                    $"The policy demands {EndToEndText.Describe(RequiredProtection, RequiredScheme)} and no {name} signer key is configured for the sender {Sender ?? "(none)"}; nothing was sent.")
                {
                    Address = Sender,
                    Setting = "EndToEnd",
                };
            }
        }

        if (ProtectionToApply.HasFlag(MessageProtection.Encrypt))
        {
            foreach (var recipient in Recipients)
            {
                if (!keys.HasRecipient(scheme, recipient))
                {
                    return new DeliveryPolicyViolationException(
                        DeliveryPolicyViolation.MissingRecipientKey,
                        $"The policy demands {EndToEndText.Describe(RequiredProtection, RequiredScheme)} and no {name} {(scheme == ProtectionScheme.SMime ? "certificate" : "key")} is configured for the recipient {recipient}; nothing was sent.")
                    {
                        Address = recipient,
                        Setting = "EndToEnd",
                    };
                }
            }
        }

        return null;
    }
}
