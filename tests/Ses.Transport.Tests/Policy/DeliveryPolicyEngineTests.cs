using MimeKit;
using Ses.Transport.Policy;
using Ses.Transport.Policy.Internal;
using Ses.Transport.Security;
using static Ses.Transport.Tests.Policy.PolicyTest;

namespace Ses.Transport.Tests.Policy;

/// <summary>Planning without sockets: rule precedence, wildcards, strictest-wins, per-group plans, reasons and conflicts.</summary>
public sealed class DeliveryPolicyEngineTests
{
    [Fact]
    public void Plan_NoRules_PolicyDefaultsWithEveryReason()
    {
        var engine = new DeliveryPolicyEngine(new DeliveryPolicy());

        var plan = engine.Plan(Message());

        Assert.Equal(
            [
                "recipient@example.net: no rule matches; the policy defaults apply",
                "hop 1 (sender to SES): TLS 1.2 or later (policy MinimumTlsVersion)",
                "receiver TLS Optional from the policy defaults",
                "no configuration set (none configured for receiver TLS Optional)",
                "end to end: nothing demanded",
                "transports: every configured transport, in name order (the policy lists none)",
            ],
            plan.Reasons);
        Assert.Equal(ReceiverTls.Optional, plan.ReceiverTls);
        Assert.Null(plan.ConfigurationSet);
        Assert.Equal(MessageProtection.None, plan.RequiredProtection);
        Assert.Empty(plan.Transports);
        Assert.Empty(plan.MatchedRules);
        Assert.Empty(plan.Conflicts);
        Assert.Equal([RecipientAddress], plan.Recipients);
        Assert.Equal(SenderAddress, plan.Sender);
        plan.ThrowIfCannotBeMet();
    }

    [Fact]
    public void Plan_PolicyDefaultsWithSettings_ReasonsNameTheSettings()
    {
        var policy = new DeliveryPolicy { MinimumTlsVersion = MinimumTlsVersion.Tls13, ReceiverTls = ReceiverTls.Require };
        policy.ConfigurationSets.Require = "tls-required";
        policy.EndToEnd.Protection = MessageProtection.SignAndEncrypt;
        policy.EndToEnd.Scheme = ProtectionScheme.Pgp;
        policy.Transports.Add("api");
        policy.Transports.Add("smtp");
        var known = new KnownConfigurationSets();
        known.Record("tls-required", ReceiverTls.Require);

        var plan = new DeliveryPolicyEngine(policy, known).Plan(Message());

        Assert.Equal(
            [
                "recipient@example.net: no rule matches; the policy defaults apply",
                "hop 1 (sender to SES): TLS 1.3 or later (policy MinimumTlsVersion)",
                "receiver TLS Require from the policy defaults",
                "configuration set 'tls-required' from policy ConfigurationSets.Require",
                "configuration set 'tls-required' is known to be REQUIRE",
                "end to end: sign+encrypt with PGP from the policy defaults",
                "to apply: sign+encrypt with PGP",
                "transports api, smtp from the policy defaults",
            ],
            plan.Reasons);
        Assert.Equal(["api", "smtp"], plan.Transports);
        Assert.Equal(MinimumTlsVersion.Tls13, plan.MinimumTlsVersion);
        Assert.True(plan.ConfigurationSetKnownRequire);
        Assert.Equal(MessageProtection.SignAndEncrypt, plan.ProtectionToApply);
    }

    [Fact]
    public void Plan_AddressDomainAndWildcardRulesAllMatch_AddressWins()
    {
        var policy = new DeliveryPolicy();
        policy.Rules.Add(Rule("wildcard", "*.example.net"));
        policy.Rules.Add(Rule("domain", "mail.example.net"));
        policy.Rules.Add(Rule("address", "ceo@mail.example.net"));
        policy.Rules[2].ReceiverTls = ReceiverTls.Require;

        var plan = new DeliveryPolicyEngine(policy).Plan(Message("ceo@mail.example.net"));

        Assert.Equal(["rule 'address'"], plan.MatchedRules);
        Assert.Equal("ceo@mail.example.net: rule 'address' matches (address pattern 'ceo@mail.example.net')", plan.Reasons[0]);
        Assert.Equal(ReceiverTls.Require, plan.ReceiverTls);
    }

    [Theory]
    [InlineData("wildcard", "*.example.net", "domain", "mail.example.net", "someone@mail.example.net", "domain", "domain pattern 'mail.example.net'")]
    [InlineData("broad", "*.example.net", "narrow", "*.eu.example.net", "a@mx.eu.example.net", "narrow", "wildcard pattern '*.eu.example.net'")]
    [InlineData("first", "example.net", "second", "example.net", RecipientAddress, "first", "domain pattern 'example.net'")]
    public void Plan_TwoRulesMatch_MoreSpecificThenFirstListedWins(
        string firstName, string firstPattern, string secondName, string secondPattern, string recipient, string winner, string pattern)
    {
        var policy = new DeliveryPolicy();
        policy.Rules.Add(Rule(firstName, firstPattern));
        policy.Rules.Add(Rule(secondName, secondPattern));

        var plan = new DeliveryPolicyEngine(policy).Plan(Message(recipient));

        Assert.Equal([$"rule '{winner}'"], plan.MatchedRules);
        Assert.Equal($"{recipient}: rule '{winner}' matches ({pattern})", plan.Reasons[0]);
    }

    [Theory]
    [InlineData("a@sub.example.com", true)]
    [InlineData("a@deep.sub.example.com", true)]
    [InlineData("a@SUB.Example.COM", true)]
    [InlineData("a@example.com", false)]
    [InlineData("a@badexample.com", false)]
    [InlineData("a@example.com.evil.net", false)]
    public void Plan_WildcardRule_MatchesSubdomainsOnly(string recipient, bool matches)
    {
        var policy = new DeliveryPolicy();
        policy.Rules.Add(Rule("subdomains", "*.example.com"));

        var plan = new DeliveryPolicyEngine(policy).Plan(Message(recipient));

        Assert.Equal(matches, plan.MatchedRules.Contains("rule 'subdomains'"));
    }

    [Theory]
    [InlineData("a@example.com", true)]
    [InlineData("A@EXAMPLE.COM", true)]
    [InlineData("a@sub.example.com", false)]
    public void Plan_DomainRule_MatchesThatDomainOnly(string recipient, bool matches)
    {
        var policy = new DeliveryPolicy();
        policy.Rules.Add(Rule("domain", "Example.com"));

        var plan = new DeliveryPolicyEngine(policy).Plan(Message(recipient));

        Assert.Equal(matches, plan.MatchedRules.Count == 1);
    }

    [Fact]
    public void Plan_InternationalDomain_MatchesItsPunycodeForm()
    {
        var policy = new DeliveryPolicy();
        policy.Rules.Add(Rule("idn", "*.xn--bcher-kva.example"));

        var plan = new DeliveryPolicyEngine(policy).Plan(Message("leser@shop.bücher.example"));

        Assert.Equal(["rule 'idn'"], plan.MatchedRules);
    }

    [Fact]
    public void Plan_UnnamedRule_ReasonsCallItByIndex()
    {
        var policy = new DeliveryPolicy();
        policy.Rules.Add(new DeliveryRule { Recipients = { "example.net" } });

        var plan = new DeliveryPolicyEngine(policy).Plan(Message());

        Assert.Equal(["rule 'Rules[0]'"], plan.MatchedRules);
    }

    [Fact]
    public void Plan_RecipientsUnderDifferentRules_StrictestWins()
    {
        var policy = new DeliveryPolicy();
        policy.ConfigurationSets.Require = "tls-required";
        var secure = Rule("secure", "bank.example");
        secure.ReceiverTls = ReceiverTls.Require;
        secure.EndToEnd = EndToEnd(MessageProtection.Encrypt, ProtectionScheme.SMime);
        var signed = Rule("signed", "partner.example");
        signed.EndToEnd = EndToEnd(MessageProtection.Sign);
        policy.Rules.Add(secure);
        policy.Rules.Add(signed);

        var plan = new DeliveryPolicyEngine(policy).Plan(Message("a@bank.example", "b@partner.example", "c@other.example"));

        Assert.Equal(ReceiverTls.Require, plan.ReceiverTls);
        Assert.Equal("tls-required", plan.ConfigurationSet);
        Assert.Equal(MessageProtection.SignAndEncrypt, plan.RequiredProtection);
        Assert.Equal(ProtectionScheme.SMime, plan.RequiredScheme);
        Assert.Equal(["rule 'secure'", "rule 'signed'"], plan.MatchedRules);
        Assert.Contains("receiver TLS Require: the strictest of rule 'secure' (Require), rule 'signed' (Optional), the policy defaults (Optional)", plan.Reasons);
        Assert.Contains("configuration set 'tls-required' from policy ConfigurationSets.Require", plan.Reasons);
        Assert.Contains("configuration set 'tls-required' is not known to be REQUIRE", plan.Reasons);
        Assert.Contains("end to end: sign+encrypt with S/MIME, the strictest of rule 'secure' (encrypt with S/MIME), rule 'signed' (sign with S/MIME or PGP), the policy defaults (none)", plan.Reasons);
        Assert.Contains("c@other.example: no rule matches; the policy defaults apply", plan.Reasons);
        Assert.Empty(plan.Conflicts);
    }

    [Fact]
    public void Plan_GroupsDemandDifferentSchemes_ConflictAndViolation()
    {
        var policy = SmimeForAPgpForB();

        var plan = new DeliveryPolicyEngine(policy).Plan(Message("x@a.example", "y@b.example"));

        var conflict = Assert.Single(plan.Conflicts);
        Assert.Equal(DeliveryPolicyViolation.ProtectionSchemeConflict, conflict.Kind);
        Assert.Equal("EndToEnd.Scheme", conflict.Setting);
        Assert.Equal("recipients need different end-to-end schemes: rule 'smime' demands S/MIME, rule 'pgp' demands PGP; one message cannot carry both", conflict.Description);
        var ex = Assert.Throws<DeliveryPolicyViolationException>(() => plan.ThrowIfCannotBeMet(Keys()));
        Assert.Equal(DeliveryPolicyViolation.ProtectionSchemeConflict, ex.Violation);
        Assert.Equal("EndToEnd.Scheme", ex.Setting);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public void Plan_GroupsNameDifferentSetsAtSameLevel_ConfigurationSetConflict()
    {
        var policy = new DeliveryPolicy();
        var a = Rule("a", "a.example");
        a.ConfigurationSet = "tracking-a";
        var b = Rule("b", "b.example");
        b.ConfigurationSet = "tracking-b";
        policy.Rules.Add(a);
        policy.Rules.Add(b);

        var plan = new DeliveryPolicyEngine(policy).Plan(Message("x@a.example", "y@b.example"));

        var conflict = Assert.Single(plan.Conflicts);
        Assert.Equal(DeliveryPolicyViolation.ConfigurationSetConflict, conflict.Kind);
        Assert.Equal("recipients need different configuration sets for receiver TLS Optional: rule 'a' uses 'tracking-a', rule 'b' uses 'tracking-b'; a message carries one", conflict.Description);
        Assert.Contains("configuration set 'tracking-a' from rule 'a'", plan.Reasons);
        Assert.Equal(DeliveryPolicyViolation.ConfigurationSetConflict, Assert.Throws<DeliveryPolicyViolationException>(() => plan.ThrowIfCannotBeMet()).Violation);
    }

    [Fact]
    public void Plan_GroupsAllowDifferentTransports_CommonOnesInFirstGroupsOrder()
    {
        var policy = new DeliveryPolicy { Transports = { "api", "smtp", "smtps" } };
        var a = Rule("a", "a.example");
        a.Transports.Add("smtps");
        a.Transports.Add("api");

        var plan = Plan(policy, a, "x@a.example", "y@b.example");

        Assert.Equal(["smtps", "api"], plan.Transports);
        Assert.Contains("transports smtps, api: those allowed by all of rule 'a', the policy defaults", plan.Reasons);
    }

    [Fact]
    public void Plan_GroupsShareNoTransport_NoCommonTransportConflict()
    {
        var policy = new DeliveryPolicy { Transports = { "api" } };
        var a = Rule("a", "a.example");
        a.Transports.Add("smtp");

        var plan = Plan(policy, a, "x@a.example", "y@b.example");

        var conflict = Assert.Single(plan.Conflicts);
        Assert.Equal(DeliveryPolicyViolation.NoCommonTransport, conflict.Kind);
        Assert.Equal("recipients allow no transport in common: rule 'a' allows smtp; the policy defaults allows api", conflict.Description);
    }

    [Fact]
    public void Plan_RuleTransports_ReasonNamesTheRule()
    {
        var a = Rule("a", "example.net");
        a.Transports.Add("smtp");

        var plan = Plan(new DeliveryPolicy(), a, RecipientAddress);

        Assert.Contains("transports smtp from rule 'a'", plan.Reasons);
    }

    [Fact]
    public void PlanPerRuleGroup_RecipientsUnderTwoRules_OnePlanPerGroup()
    {
        var policy = SmimeForAPgpForB();

        var plans = new DeliveryPolicyEngine(policy).PlanPerRuleGroup(Message("x@a.example", "y@b.example", "z@a.example", "w@c.example"));

        Assert.Equal(3, plans.Count);
        Assert.Equal(["x@a.example", "z@a.example"], plans[0].Recipients);
        Assert.Equal(ProtectionScheme.SMime, plans[0].RequiredScheme);
        Assert.Equal(["y@b.example"], plans[1].Recipients);
        Assert.Equal(ProtectionScheme.Pgp, plans[1].RequiredScheme);
        Assert.Equal(["w@c.example"], plans[2].Recipients);
        Assert.Equal(MessageProtection.None, plans[2].RequiredProtection);
        Assert.All(plans, p => Assert.Empty(p.Conflicts));
        Assert.Equal("end to end: encrypt with S/MIME from rule 'smime'", plans[0].Reasons.Single(r => r.StartsWith("end to end", StringComparison.Ordinal)));
    }

    [Fact]
    public void Plan_DuplicateRecipientsInToAndCc_CountedOnce()
    {
        var message = Message("a@example.net");
        message.Cc.Add(MailboxAddress.Parse("A@Example.net"));
        message.Bcc.Add(MailboxAddress.Parse("b@example.net"));

        var plan = new DeliveryPolicyEngine(new DeliveryPolicy()).Plan(message);

        Assert.Equal(["a@example.net", "b@example.net"], plan.Recipients);
    }

    [Fact]
    public void Plan_MessageNamesSetAndReceiverTlsOptional_HeaderKept()
    {
        var policy = new DeliveryPolicy();
        policy.ConfigurationSets.Optional = "default-set";
        var message = Message();
        message.Headers.Add("X-SES-CONFIGURATION-SET", "callers-set");

        var plan = new DeliveryPolicyEngine(policy).Plan(message);

        Assert.Equal("callers-set", plan.ConfigurationSet);
        Assert.Contains("configuration set 'callers-set' from the message's X-SES-CONFIGURATION-SET header", plan.Reasons);
    }

    [Fact]
    public void Plan_MessageNamesSetNotKnownRequire_ReplacedByRequireSet()
    {
        var policy = new DeliveryPolicy { ReceiverTls = ReceiverTls.Require };
        policy.ConfigurationSets.Require = "tls-required";
        var known = new KnownConfigurationSets();
        known.Record("tls-required", ReceiverTls.Require);
        known.Record("callers-set", ReceiverTls.Optional);
        var message = Message();
        message.Headers.Add("X-SES-CONFIGURATION-SET", "callers-set");

        var plan = new DeliveryPolicyEngine(policy, known).Plan(message);

        Assert.Equal("tls-required", plan.ConfigurationSet);
        Assert.Contains("the message's configuration set 'callers-set' is not known to be REQUIRE; replaced by 'tls-required'", plan.Reasons);
        plan.ThrowIfCannotBeMet();
    }

    [Fact]
    public void Plan_MessageNamesSetKnownRequire_HeaderKept()
    {
        var policy = new DeliveryPolicy { ReceiverTls = ReceiverTls.Require };
        policy.ConfigurationSets.Require = "tls-required";
        var known = new KnownConfigurationSets();
        known.Record("callers-strict-set", ReceiverTls.Require);
        var message = Message();
        message.Headers.Add("X-SES-CONFIGURATION-SET", "callers-strict-set");

        var plan = new DeliveryPolicyEngine(policy, known).Plan(message);

        Assert.Equal("callers-strict-set", plan.ConfigurationSet);
        Assert.True(plan.ConfigurationSetKnownRequire);
    }

    [Fact]
    public void ThrowIfCannotBeMet_RequireWithoutSet_NoRequireConfigurationSet()
    {
        var plan = new DeliveryPolicyEngine(new DeliveryPolicy { ReceiverTls = ReceiverTls.Require }).Plan(Message());

        Assert.Contains("no configuration set (none configured for receiver TLS Require)", plan.Reasons);
        var ex = Assert.Throws<DeliveryPolicyViolationException>(() => plan.ThrowIfCannotBeMet());
        Assert.Equal(DeliveryPolicyViolation.NoRequireConfigurationSet, ex.Violation);
        Assert.Equal("ConfigurationSets.Require", ex.Setting);
    }

    [Fact]
    public void ThrowIfCannotBeMet_RequireSetNotKnown_ConfigurationSetNotKnownRequire()
    {
        var policy = new DeliveryPolicy { ReceiverTls = ReceiverTls.Require };
        policy.ConfigurationSets.Require = "maybe-strict";

        var ex = Assert.Throws<DeliveryPolicyViolationException>(() => new DeliveryPolicyEngine(policy).Plan(Message()).ThrowIfCannotBeMet());

        Assert.Equal(DeliveryPolicyViolation.ConfigurationSetNotKnownRequire, ex.Violation);
        Assert.Equal("maybe-strict", ex.Setting);
    }

    [Fact]
    public void ThrowIfCannotBeMet_EncryptWithoutRecipientKey_MissingRecipientKeyNamesAddress()
    {
        var policy = new DeliveryPolicy();
        policy.EndToEnd.Protection = MessageProtection.Encrypt;
        var plan = new DeliveryPolicyEngine(policy).Plan(Message(RecipientAddress, "stranger@example.org"));

        var ex = Assert.Throws<DeliveryPolicyViolationException>(() => plan.ThrowIfCannotBeMet(Keys()));

        Assert.Equal(DeliveryPolicyViolation.MissingRecipientKey, ex.Violation);
        Assert.Equal("stranger@example.org", ex.Address);
    }

    [Fact]
    public void ThrowIfCannotBeMet_SignWithoutSignerKey_MissingSignerKey()
    {
        var policy = new DeliveryPolicy();
        policy.EndToEnd.Protection = MessageProtection.Sign;
        policy.EndToEnd.Scheme = ProtectionScheme.Pgp;
        var plan = new DeliveryPolicyEngine(policy).Plan(Message());

        var ex = Assert.Throws<DeliveryPolicyViolationException>(() => plan.ThrowIfCannotBeMet(Keys(pgp: false)));

        Assert.Equal(DeliveryPolicyViolation.MissingSignerKey, ex.Violation);
        Assert.Equal(SenderAddress, ex.Address);
    }

    [Fact]
    public void ResolveScheme_EitherSchemeAndOnlyPgpKeys_ChoosesPgp()
    {
        var policy = new DeliveryPolicy();
        policy.EndToEnd.Protection = MessageProtection.SignAndEncrypt;
        var plan = new DeliveryPolicyEngine(policy).Plan(Message());

        Assert.Equal(ProtectionScheme.Pgp, plan.ResolveScheme(new KeyInventory(Keys(smime: false))));
        Assert.Equal(ProtectionScheme.SMime, plan.ResolveScheme(new KeyInventory(Keys())));
    }

    [Fact]
    public async Task Plan_CallerEncryptedMessage_MeetsEncryptDemandNothingToApply()
    {
        using var builder = new SecureMessageBuilder(Keys());
        var encrypted = await builder.EncryptAsync(Message(), ProtectionScheme.Pgp, TestContext.Current.CancellationToken);
        var policy = new DeliveryPolicy();
        policy.EndToEnd.Protection = MessageProtection.SignAndEncrypt;

        var plan = new DeliveryPolicyEngine(policy).Plan(encrypted);

        Assert.Equal(MessageProtection.None, plan.ProtectionToApply);
        Assert.True(plan.ExistingProtectionMeetsDemand);
        Assert.Contains("the message is already encrypted with PGP by the caller, which meets the demand; nothing applied", plan.Reasons);
        plan.ThrowIfCannotBeMet();
    }

    [Fact]
    public async Task Plan_CallerSignedMessageEncryptDemanded_FallsShort()
    {
        using var builder = new SecureMessageBuilder(Keys());
        var signed = await builder.SignAsync(Message(), ProtectionScheme.SMime, TestContext.Current.CancellationToken);
        var policy = new DeliveryPolicy();
        policy.EndToEnd.Protection = MessageProtection.Encrypt;

        var plan = new DeliveryPolicyEngine(policy).Plan(signed);

        Assert.Contains("the message is already signed with S/MIME by the caller, which falls short of encrypt with S/MIME or PGP", plan.Reasons);
        var ex = Assert.Throws<DeliveryPolicyViolationException>(() => plan.ThrowIfCannotBeMet(Keys()));
        Assert.Equal(DeliveryPolicyViolation.ExistingProtectionInsufficient, ex.Violation);
    }

    [Fact]
    public async Task Plan_CallerSignedMessageNothingDemanded_SentAsIs()
    {
        using var builder = new SecureMessageBuilder(Keys());
        var signed = await builder.SignAsync(Message(), ProtectionScheme.Pgp, TestContext.Current.CancellationToken);

        var plan = new DeliveryPolicyEngine(new DeliveryPolicy()).Plan(signed);

        Assert.Contains("the message is already signed with PGP by the caller; sent as it is", plan.Reasons);
        Assert.Equal(MessageProtection.None, plan.ProtectionToApply);
    }

    [Theory]
    [InlineData("")]
    [InlineData("*")]
    [InlineData("*example.com")]
    [InlineData("a.*.example.com")]
    [InlineData("@example.com")]
    [InlineData("a@")]
    [InlineData("exa mple.com")]
    public void Constructor_MalformedPattern_ArgumentExceptionNamesSetting(string pattern)
    {
        var policy = new DeliveryPolicy();
        policy.Rules.Add(new DeliveryRule());
        policy.Rules.Add(Rule("bad", pattern));

        var ex = Assert.Throws<ArgumentException>(() => new DeliveryPolicyEngine(policy));

        Assert.Contains("Rules[1].Recipients[0]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidConfigurationSetName_ArgumentExceptionNamesSetting()
    {
        var policy = new DeliveryPolicy();
        policy.ConfigurationSets.Require = "has space";

        var ex = Assert.Throws<ArgumentException>(() => new DeliveryPolicyEngine(policy));

        Assert.Contains("ConfigurationSets.Require", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_PolicyChangedAfterwards_EngineKeepsWhatItRead()
    {
        var policy = new DeliveryPolicy();
        var engine = new DeliveryPolicyEngine(policy);
        policy.ReceiverTls = ReceiverTls.Require;

        Assert.Equal(ReceiverTls.Optional, engine.Plan(Message()).ReceiverTls);
    }

    [Fact]
    public void ApplyTo_TransportOptions_SetsMinimumTls()
    {
        var options = new Ses.Transport.Smtp.StartTlsSmtpTransportOptions();

        new DeliveryPolicy { MinimumTlsVersion = MinimumTlsVersion.Tls13 }.ApplyTo(options);

        Assert.Equal(MinimumTlsVersion.Tls13, options.Tls.MinimumVersion);
    }

    [Fact]
    public void KnownConfigurationSets_RecordForget_IsKnownRequireFollows()
    {
        var known = new KnownConfigurationSets();
        known.Record("strict", ReceiverTls.Require);
        known.Record("loose", ReceiverTls.Optional);

        Assert.True(known.IsKnownRequire("strict"));
        Assert.False(known.IsKnownRequire("loose"));
        Assert.False(known.IsKnownRequire("Strict"));
        Assert.True(known.Forget("strict"));
        Assert.False(known.IsKnownRequire("strict"));
        Assert.Throws<ArgumentException>(() => known.Record("not valid!", ReceiverTls.Require));
    }

    /// <summary>A policy whose rule 'smime' demands S/MIME encryption for a.example and rule 'pgp' PGP encryption for b.example.</summary>
    private static DeliveryPolicy SmimeForAPgpForB()
    {
        var policy = new DeliveryPolicy();
        var smime = Rule("smime", "a.example");
        smime.EndToEnd = EndToEnd(MessageProtection.Encrypt, ProtectionScheme.SMime);
        var pgp = Rule("pgp", "b.example");
        pgp.EndToEnd = EndToEnd(MessageProtection.Encrypt, ProtectionScheme.Pgp);
        policy.Rules.Add(smime);
        policy.Rules.Add(pgp);
        return policy;
    }

    private static DeliveryPlan Plan(DeliveryPolicy policy, DeliveryRule rule, params string[] recipients)
    {
        policy.Rules.Add(rule);
        return new DeliveryPolicyEngine(policy).Plan(Message(recipients));
    }
}
