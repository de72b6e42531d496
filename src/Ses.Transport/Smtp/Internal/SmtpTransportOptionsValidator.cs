using System.Globalization;
using Ses.Transport.Https;
using Ses.Transport.Internal;

namespace Ses.Transport.Smtp.Internal;

/// <summary>Start-up checks of <see cref="SmtpTransportOptions"/>; each problem is one message without secrets.</summary>
internal static class SmtpTransportOptionsValidator
{
    /// <summary>The problems with <paramref name="options"/>; empty when they are usable.</summary>
    public static IReadOnlyList<string> Validate(SmtpTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var hasHost = !string.IsNullOrWhiteSpace(options.Host);
        var hasRegion = !string.IsNullOrWhiteSpace(options.Region);

        if (hasHost == hasRegion)
        {
            errors.Add("Set exactly one of Region (an SES region such as eu-central-1) and Host (an explicit SMTP host).");
        }
        else if (hasRegion && !SesApiEndpoint.IsRegionName(options.Region!.Trim()))
        {
            errors.Add($"Region '{options.Region}' is not an AWS region name (lower-case letters, digits and '-').");
        }

        if (options.Port is < 1 or > 65535)
        {
            errors.Add($"Port {options.Port} is not a TCP port (1 to 65535).");
        }
        else if (hasRegion && !hasHost && !options.SesPorts.Contains(options.Port))
        {
            errors.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"Port {options.Port} is not one SES offers for {(options is StartTlsSmtpTransportOptions ? "STARTTLS" : "the TLS wrapper")} ({string.Join(", ", options.SesPorts)}); set Host to use another port."));
        }

        if (options.Credentials is null)
        {
            errors.Add("Credentials are required: SES accepts mail only from an authenticated SMTP session.");
        }

        if (options.PoolSize < 1)
        {
            errors.Add($"PoolSize must be at least 1 (was {options.PoolSize}).");
        }

        if (options.MaxMessagesPerConnection < 1)
        {
            errors.Add($"MaxMessagesPerConnection must be at least 1 (was {options.MaxMessagesPerConnection}).");
        }

        if (options.IdleRefreshThreshold < TimeSpan.Zero)
        {
            errors.Add("IdleRefreshThreshold must not be negative.");
        }

        if (options.MaxConnectionAge <= TimeSpan.Zero)
        {
            errors.Add("MaxConnectionAge must be positive.");
        }

        if (options.OperationTimeout <= TimeSpan.Zero || options.OperationTimeout.TotalMilliseconds > int.MaxValue)
        {
            errors.Add("OperationTimeout must be positive and at most about 24 days.");
        }

        // Checked here as the HTTPS transport does, so a bad default name stops start-up instead of the first send.
        if (!string.IsNullOrEmpty(options.ConfigurationSetName) && !SesHeaders.IsValidConfigurationSetName(options.ConfigurationSetName))
        {
            errors.Add($"ConfigurationSetName '{options.ConfigurationSetName}' breaks SES's rules (ASCII letters, digits, '_' and '-', 1 to {SesLimits.MaxConfigurationSetNameLength} characters).");
        }

        return errors;
    }

    /// <summary>Throws when <paramref name="options"/> are not usable.</summary>
    /// <exception cref="ArgumentException">The options are not usable; the message lists every problem.</exception>
    public static void ThrowIfInvalid(SmtpTransportOptions options)
    {
        var errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid SMTP transport options: " + string.Join(" ", errors), nameof(options));
        }
    }
}
