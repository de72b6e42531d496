using System.Net;
using System.Net.Sockets;

namespace Ses.Transport.Credentials.Internal;

/// <summary>
/// The AWS credential endpoints and the rule for which of them may be spoken to over plain HTTP. Credentials and
/// authorization tokens travel in clear on plain HTTP, so, as the AWS SDKs do, plain HTTP is allowed only to
/// loopback and to the link-local agents AWS documents; anything else must be HTTPS.
/// </summary>
internal static class MetadataEndpoints
{
    /// <summary>The ECS agent that serves <c>AWS_CONTAINER_CREDENTIALS_RELATIVE_URI</c>. Source: Amazon ECS Developer Guide, "Task IAM role".</summary>
    public static readonly Uri EcsRelativeBase = new("http://169.254.170.2");

    /// <summary>EC2 instance metadata over IPv4. Source: Amazon EC2 User Guide, "Access instance metadata".</summary>
    public static readonly Uri InstanceMetadataIPv4 = new("http://169.254.169.254");

    /// <summary>EC2 instance metadata over IPv6 (Nitro instances).</summary>
    public static readonly Uri InstanceMetadataIPv6 = new("http://[fd00:ec2::254]");

    // ECS task role agent, EKS Pod Identity agent (IPv4 and IPv6). Source: AWS SDKs and Tools Reference Guide,
    // "Container credential provider": plain-HTTP full URIs must be loopback or one of these hosts.
    private static readonly IPAddress[] ContainerHosts =
    [
        IPAddress.Parse("169.254.170.2"),
        IPAddress.Parse("169.254.170.23"),
        IPAddress.Parse("fd00:ec2::23"),
    ];

    private static readonly IPAddress InstanceMetadataIPv6Host = IPAddress.Parse("fd00:ec2::254");

    /// <summary>Whether credentials may be fetched from <paramref name="uri"/> for the container provider.</summary>
    public static bool IsAllowedForContainer(Uri uri) =>
        IsHttps(uri) || (IsHttp(uri) && (IsLoopback(uri) || (Address(uri) is { } address && Array.Exists(ContainerHosts, address.Equals))));

    /// <summary>Whether credentials may be fetched from <paramref name="uri"/> for the instance metadata provider.</summary>
    public static bool IsAllowedForInstanceMetadata(Uri uri) =>
        IsHttps(uri) || (IsHttp(uri) && (IsLoopback(uri) || (Address(uri) is { } address && (IsLinkLocal(address) || address.Equals(InstanceMetadataIPv6Host)))));

    /// <summary>Checks a settable endpoint: an absolute http or https URI (the host rule is applied on use).</summary>
    public static Uri RequireHttpUri(Uri value, string what)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.IsAbsoluteUri || (value.Scheme != Uri.UriSchemeHttp && value.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The {what} must be an absolute http or https URI.", nameof(value));
        }

        return value;
    }

    /// <summary>Scheme, host and port only: paths (an ECS relative URI is a capability), queries and user info stay out of logs and messages.</summary>
    public static string Describe(Uri uri) => uri.IsAbsoluteUri ? $"{uri.Scheme}://{uri.Authority}" : "(relative URI)";

    private static bool IsHttps(Uri uri) => uri.IsAbsoluteUri && uri.Scheme == Uri.UriSchemeHttps && string.IsNullOrEmpty(uri.UserInfo);

    private static bool IsHttp(Uri uri) => uri.IsAbsoluteUri && uri.Scheme == Uri.UriSchemeHttp && string.IsNullOrEmpty(uri.UserInfo);

    private static bool IsLoopback(Uri uri) =>
        string.Equals(uri.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase) || (Address(uri) is { } address && IPAddress.IsLoopback(address));

    private static IPAddress? Address(Uri uri)
    {
        if (uri.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6) || !IPAddress.TryParse(uri.IdnHost, out var address))
        {
            return null;
        }

        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }

    private static bool IsLinkLocal(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal;
        }

        Span<byte> bytes = stackalloc byte[4];
        return address.TryWriteBytes(bytes, out _) && bytes[0] == 169 && bytes[1] == 254;
    }
}
