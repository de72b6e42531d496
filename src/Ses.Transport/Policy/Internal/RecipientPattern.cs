using Ses.Transport.Internal;

namespace Ses.Transport.Policy.Internal;

/// <summary>How specific a rule's pattern is; a higher value wins.</summary>
internal enum PatternKind
{
    /// <summary><c>*.example.com</c>: any subdomain of example.com.</summary>
    Wildcard = 1,

    /// <summary><c>example.com</c>: that domain only.</summary>
    Domain = 2,

    /// <summary><c>alice@example.com</c>: that mailbox.</summary>
    Address = 3,
}

/// <summary>One parsed recipient pattern of a <see cref="DeliveryRule"/>.</summary>
internal sealed class RecipientPattern
{
    private RecipientPattern(string text, PatternKind kind, string value)
    {
        Text = text;
        Kind = kind;
        Value = value;
    }

    /// <summary>The pattern as configured.</summary>
    public string Text { get; }

    public PatternKind Kind { get; }

    /// <summary>The normalised address, domain, or wildcard base domain.</summary>
    public string Value { get; }

    /// <summary>Orders matches: kind first, then (for wildcards) the longer base domain.</summary>
    public int Specificity => ((int)Kind * 1000) + (Kind == PatternKind.Wildcard ? Math.Min(Value.Length, 999) : 0);

    /// <summary>Parses a pattern.</summary>
    /// <exception cref="ArgumentException">The pattern is empty or malformed; the message names <paramref name="setting"/>.</exception>
    public static RecipientPattern Parse(string? text, string setting)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new ArgumentException($"{setting} is empty; use an address, a domain or *.domain.", setting);
        }

        var at = trimmed.LastIndexOf('@');
        if (at >= 0)
        {
            if (at == 0 || trimmed.Contains('*', StringComparison.Ordinal) || NormalizeDomain(trimmed[(at + 1)..]) is not { } addressDomain)
            {
                throw new ArgumentException($"{setting} '{trimmed}' is not an address, a domain or *.domain.", setting);
            }

            return new RecipientPattern(trimmed, PatternKind.Address, trimmed[..at].ToLowerInvariant() + "@" + addressDomain);
        }

        if (trimmed.StartsWith("*.", StringComparison.Ordinal))
        {
            var baseDomain = NormalizeDomain(trimmed[2..]);
            if (baseDomain is null || trimmed[2..].Contains('*', StringComparison.Ordinal))
            {
                throw new ArgumentException($"{setting} '{trimmed}' is not an address, a domain or *.domain.", setting);
            }

            return new RecipientPattern(trimmed, PatternKind.Wildcard, baseDomain);
        }

        if (trimmed.Contains('*', StringComparison.Ordinal) || NormalizeDomain(trimmed) is not { } domain)
        {
            throw new ArgumentException($"{setting} '{trimmed}' is not an address, a domain or *.domain (a wildcard is allowed only as the whole first label).", setting);
        }

        return new RecipientPattern(trimmed, PatternKind.Domain, domain);
    }

    /// <summary>Whether the pattern matches a recipient given as normalised address and domain.</summary>
    public bool Matches(string address, string domain) => Kind switch
    {
        PatternKind.Address => string.Equals(Value, address, StringComparison.Ordinal),
        PatternKind.Domain => string.Equals(Value, domain, StringComparison.Ordinal),
        _ => domain.Length > Value.Length + 1
            && domain.EndsWith(Value, StringComparison.Ordinal)
            && domain[domain.Length - Value.Length - 1] == '.',
    };

    /// <summary>A recipient's normalised address and domain (lower case, IDN domain as ASCII, no trailing dot).</summary>
    public static (string Address, string Domain) NormalizeRecipient(string address)
    {
        var at = address.LastIndexOf('@');
        if (at < 0)
        {
            return (address.ToLowerInvariant(), string.Empty);
        }

        var domain = NormalizeDomain(address[(at + 1)..]) ?? address[(at + 1)..].ToLowerInvariant();
        return (address[..at].ToLowerInvariant() + "@" + domain, domain);
    }

    /// <summary>A domain in lower-case ASCII (IDN as punycode) without a trailing dot, or <see langword="null"/> when it is not a domain.</summary>
    public static string? NormalizeDomain(string domain)
    {
        var value = domain.Trim().TrimEnd('.');
        if (value.Length == 0 || value.StartsWith('.') || value.Contains("..", StringComparison.Ordinal) || value.Any(char.IsWhiteSpace) || value.Contains('@', StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return MessageValidator.ToAsciiDomain(value).ToLowerInvariant();
        }
        catch (SesMessageValidationException)
        {
            return null;
        }
    }
}
