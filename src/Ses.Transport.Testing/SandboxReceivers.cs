using System.Collections.Concurrent;

namespace Ses.Transport.Testing;

/// <summary>
/// The simulated receiving mail servers (hop 2): which recipient domains accept TLS. Every domain not declared
/// supports TLS. Thread-safe.
/// </summary>
public sealed class SandboxReceivers
{
    private readonly ConcurrentDictionary<string, SandboxReceiverTls> _domains = new(StringComparer.OrdinalIgnoreCase);

    internal SandboxReceivers()
    {
    }

    /// <summary>Declares whether the receiver of <paramref name="domain"/> (exact domain, case-insensitive) accepts TLS.</summary>
    /// <param name="domain">The recipient domain, for example <c>legacy.example</c>.</param>
    /// <param name="tls">Whether it accepts TLS.</param>
    /// <exception cref="ArgumentException"><paramref name="domain"/> is empty or contains <c>@</c>.</exception>
    public void Declare(string domain, SandboxReceiverTls tls)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        if (domain.Contains('@', StringComparison.Ordinal))
        {
            throw new ArgumentException("Give the domain only, without a local part.", nameof(domain));
        }

        if (!Enum.IsDefined(tls))
        {
            throw new ArgumentOutOfRangeException(nameof(tls), tls, "Unknown receiver TLS value.");
        }

        _domains[domain.Trim()] = tls;
    }

    /// <summary>Whether the receiver of <paramref name="domain"/> accepts TLS.</summary>
    /// <param name="domain">The recipient domain.</param>
    /// <returns>The declared value, or <see cref="SandboxReceiverTls.Supported"/>.</returns>
    public SandboxReceiverTls GetTls(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return _domains.TryGetValue(domain.Trim(), out var tls) ? tls : SandboxReceiverTls.Supported;
    }
}
