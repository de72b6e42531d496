using Microsoft.Extensions.Options;
using Ses.Transport.Internal;

namespace Ses.Transport.Https.Internal;

/// <summary>
/// Start-up checks of <see cref="HttpsTransportOptions"/>. Every failure starts with the name of the setting it is
/// about (<c>Region: ...</c>) and carries no secret. Usable as an <see cref="IValidateOptions{TOptions}"/>.
/// </summary>
internal sealed class HttpsTransportOptionsValidator : IValidateOptions<HttpsTransportOptions>
{
    /// <summary>The shared instance (the validator has no state).</summary>
    public static readonly HttpsTransportOptionsValidator Instance = new();

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HttpsTransportOptions options)
    {
        var errors = Problems(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The problems with <paramref name="options"/>; empty when they are usable.</summary>
    public static IReadOnlyList<string> Problems(HttpsTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        if (string.IsNullOrWhiteSpace(options.Region))
        {
            errors.Add($"{nameof(options.Region)}: required (an SES region such as eu-central-1); it is part of the SigV4 signature even with {nameof(options.ServiceUrl)}.");
        }
        else if (!SesApiEndpoint.IsRegionName(options.Region.Trim()))
        {
            errors.Add($"{nameof(options.Region)}: '{options.Region}' is not an AWS region name (lower-case letters, digits and '-').");
        }

        if (options.ServiceUrl is { } url)
        {
            if (!url.IsAbsoluteUri)
            {
                errors.Add($"{nameof(options.ServiceUrl)}: must be an absolute https URL.");
            }
            else if (!string.Equals(url.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{nameof(options.ServiceUrl)}: scheme '{url.Scheme}' is not allowed; only https (the transport never sends credentials or mail in clear).");
            }
            else if (!string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment) || !string.IsNullOrEmpty(url.UserInfo))
            {
                errors.Add($"{nameof(options.ServiceUrl)}: must not have a query, fragment or user information.");
            }

            if (options.UseFips || options.UseDualStack)
            {
                errors.Add($"{nameof(options.UseFips)}/{nameof(options.UseDualStack)}: cannot be combined with {nameof(options.ServiceUrl)}; put the endpoint you want in {nameof(options.ServiceUrl)}.");
            }
        }

        if (options.PooledConnectionLifetime <= TimeSpan.Zero && options.PooledConnectionLifetime != Timeout.InfiniteTimeSpan)
        {
            errors.Add($"{nameof(options.PooledConnectionLifetime)}: must be positive.");
        }
        else if (options.PooledConnectionLifetime == Timeout.InfiniteTimeSpan)
        {
            errors.Add($"{nameof(options.PooledConnectionLifetime)}: must be bounded, so connections follow SES's DNS changes.");
        }

        if (options.MaxConnectionsPerServer < 1)
        {
            errors.Add($"{nameof(options.MaxConnectionsPerServer)}: must be at least 1 (was {options.MaxConnectionsPerServer}).");
        }

        if (options.OperationTimeout <= TimeSpan.Zero || options.OperationTimeout.TotalMilliseconds > int.MaxValue)
        {
            errors.Add($"{nameof(options.OperationTimeout)}: must be positive and at most about 24 days.");
        }

        if (options.ConfigurationSetName is { } set && !SesHeaders.IsValidConfigurationSetName(set))
        {
            errors.Add($"{nameof(options.ConfigurationSetName)}: '{set}' breaks SES's rules (ASCII letters, digits, '_' and '-', 1 to {SesLimits.MaxConfigurationSetNameLength} characters).");
        }

        return errors;
    }

    /// <summary>Throws when <paramref name="options"/> are not usable.</summary>
    /// <exception cref="ArgumentException">The options are not usable; the message names every bad setting.</exception>
    public static void ThrowIfInvalid(HttpsTransportOptions options)
    {
        var errors = Problems(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid HTTPS transport options: " + string.Join(" ", errors), nameof(options));
        }
    }
}
