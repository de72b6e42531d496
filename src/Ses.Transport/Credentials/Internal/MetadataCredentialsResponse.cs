namespace Ses.Transport.Credentials.Internal;

/// <summary>
/// The credentials document of the ECS/EKS container endpoint and of EC2 instance metadata
/// (<c>{"Code","AccessKeyId","SecretAccessKey","Token","Expiration",...}</c>). Other members are ignored.
/// </summary>
internal sealed class MetadataCredentialsResponse
{
    /// <summary>IMDS only: <c>Success</c> when the document holds credentials.</summary>
    public string? Code { get; set; }

    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    public string? Token { get; set; }

    /// <summary>ISO 8601, for example <c>2025-01-01T12:00:00Z</c>.</summary>
    public string? Expiration { get; set; }
}
