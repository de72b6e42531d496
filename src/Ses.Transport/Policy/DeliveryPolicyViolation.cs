namespace Ses.Transport.Policy;

/// <summary>Why a message cannot be sent as its <see cref="DeliveryPolicy"/> demands.</summary>
public enum DeliveryPolicyViolation
{
    /// <summary>Recipients under different rules demand different end-to-end schemes (S/MIME and PGP); one message cannot carry both. Split it (<see cref="DeliveryPolicyEngine.PlanPerRuleGroup"/>).</summary>
    ProtectionSchemeConflict = 1,

    /// <summary>Recipients under different rules demand different configuration sets at the same receiver TLS level; a message has one.</summary>
    ConfigurationSetConflict = 2,

    /// <summary>Recipients under different rules allow no transport in common.</summary>
    NoCommonTransport = 3,

    /// <summary><see cref="ReceiverTls.Require"/> is demanded and no configuration set is configured for it.</summary>
    NoRequireConfigurationSet = 4,

    /// <summary><see cref="ReceiverTls.Require"/> is demanded and the configuration set is not known to have <c>TlsPolicy</c> <c>REQUIRE</c>.</summary>
    ConfigurationSetNotKnownRequire = 5,

    /// <summary>A signature is demanded and no signer key for the sender's address is configured for the scheme.</summary>
    MissingSignerKey = 6,

    /// <summary>Encryption is demanded and no certificate or key is configured for a recipient.</summary>
    MissingRecipientKey = 7,

    /// <summary>The caller protected the message already, but not as the policy demands (unsigned, unencrypted, or another scheme).</summary>
    ExistingProtectionInsufficient = 8,

    /// <summary>The keys were configured but could not be used (expired, revoked, not capable); see the inner exception.</summary>
    ProtectionFailed = 9,

    /// <summary>
    /// <see cref="SendRateMode.FromAccount"/> and the account's maximum send rate could not be read (SES <c>GetAccount</c>
    /// failed, or reported no usable rate); see the inner exception. Transient when that failure is.
    /// </summary>
    SendRateUnavailable = 10,
}
