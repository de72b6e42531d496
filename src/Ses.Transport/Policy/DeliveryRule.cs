using Ses.Transport.Security;

namespace Ses.Transport.Policy;

/// <summary>
/// Overrides parts of a <see cref="DeliveryPolicy"/> for the recipients it matches. Settings left unset
/// (<see langword="null"/>, empty list) come from the policy.
/// </summary>
/// <remarks>
/// <para>A pattern in <see cref="Recipients"/> is one of:</para>
/// <list type="bullet">
/// <item><description>an address, <c>alice@example.com</c>: that mailbox (case-insensitive);</description></item>
/// <item><description>a domain, <c>example.com</c>: addresses at exactly that domain (not its subdomains);</description></item>
/// <item><description>a wildcard, <c>*.example.com</c>: addresses at any subdomain of <c>example.com</c>, at any depth (not <c>example.com</c> itself; add both patterns for both).</description></item>
/// </list>
/// <para>
/// When several rules match a recipient the most specific wins: address, then domain, then wildcard (a longer
/// wildcard before a shorter one); between equally specific matches, the rule listed first.
/// </para>
/// </remarks>
public sealed class DeliveryRule
{
    /// <summary>A name for reasons, logs and violations.</summary>
    /// <value>The default is <see langword="null"/>: the rule is called <c>Rules[i]</c>.</value>
    public string? Name { get; set; }

    /// <summary>The address, domain and <c>*.domain</c> patterns the rule applies to.</summary>
    /// <value>The default is an empty list (the rule matches nobody).</value>
    public IList<string> Recipients { get; } = [];

    /// <summary>The receiver TLS (hop 2) for these recipients.</summary>
    /// <value>The default is <see langword="null"/> (the policy's).</value>
    public ReceiverTls? ReceiverTls { get; set; }

    /// <summary>
    /// The configuration set for these recipients, instead of the one the policy maps their receiver TLS to. With
    /// <see cref="Policy.ReceiverTls.Require"/> it must be known to be <c>REQUIRE</c>.
    /// </summary>
    /// <value>The default is <see langword="null"/> (the policy's mapping).</value>
    public string? ConfigurationSet { get; set; }

    /// <summary>The end-to-end protection for these recipients.</summary>
    /// <value>The default is <see langword="null"/> (the policy's).</value>
    public EndToEndProtection? EndToEnd { get; set; }

    /// <summary>The transports allowed for these recipients, in failover order.</summary>
    /// <value>The default is an empty list (the policy's order).</value>
    public IList<string> Transports { get; } = [];
}
