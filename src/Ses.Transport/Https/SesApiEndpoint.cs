using System.Buffers;

namespace Ses.Transport.Https;

/// <summary>
/// The Amazon SES v2 API endpoints, in one place. Sources: AWS General Reference, "Amazon Simple Email Service
/// endpoints and quotas" (<c>email.{region}.amazonaws.com</c>, FIPS <c>email-fips.{region}.amazonaws.com</c>) and
/// the AWS SDK endpoint rule set for SESv2 (dual-stack <c>email.{region}.api.aws</c>, FIPS dual-stack
/// <c>email-fips.{region}.api.aws</c>).
/// </summary>
public static class SesApiEndpoint
{
    /// <summary>The SigV4 service name of the SES API ("ses", not "email"). Source: SES API v2 reference, "Signing requests".</summary>
    internal const string SigningService = "ses";

    /// <summary>The path of <c>SendEmail</c>. Source: SES API v2 reference, <c>SendEmail</c> ("POST /v2/email/outbound-emails").</summary>
    internal const string SendEmailPath = "/v2/email/outbound-emails";

    /// <summary>The path of <c>GetAccount</c>. Source: SES API v2 reference, <c>GetAccount</c> ("GET /v2/email/account").</summary>
    internal const string AccountPath = "/v2/email/account";

    /// <summary>The path of the configuration sets collection. Source: SES API v2 reference, <c>CreateConfigurationSet</c>.</summary>
    internal const string ConfigurationSetsPath = "/v2/email/configuration-sets";

    private static readonly SearchValues<char> RegionCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    /// <summary>The HTTPS endpoint of the SES v2 API in <paramref name="region"/>.</summary>
    /// <param name="region">An AWS region name such as <c>eu-central-1</c>.</param>
    /// <param name="useFips">Use the FIPS 140 endpoint (<c>email-fips.{region}</c>).</param>
    /// <param name="useDualStack">Use the dual-stack (IPv4 and IPv6) endpoint (<c>*.api.aws</c>).</param>
    /// <returns>For example <c>https://email.eu-central-1.amazonaws.com/</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="region"/> is empty or not a region name.</exception>
    public static Uri ForRegion(string region, bool useFips = false, bool useDualStack = false)
    {
        if (!IsRegionName(region))
        {
            throw new ArgumentException($"'{region}' is not an AWS region name (lower-case letters, digits and '-').", nameof(region));
        }

        var prefix = useFips ? "email-fips" : "email";
        var suffix = useDualStack ? "api.aws" : "amazonaws.com";
        return new Uri($"https://{prefix}.{region}.{suffix}/");
    }

    /// <summary>Whether <paramref name="region"/> looks like an AWS region name (lower-case letters, digits, '-').</summary>
    /// <param name="region">The text to check.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public static bool IsRegionName(string? region) =>
        !string.IsNullOrEmpty(region) && region.Length <= 64 && !region.AsSpan().ContainsAnyExcept(RegionCharacters)
        && region[0] != '-' && region[^1] != '-';
}
