namespace Ses.Transport.Credentials.Internal;

/// <summary>
/// The environment variables the AWS SDKs read for credentials, each named once. Source: AWS SDKs and Tools
/// Reference Guide, "Environment variables support" and the per-provider pages it links.
/// </summary>
internal static class AwsEnvironment
{
    public const string AccessKeyId = "AWS_ACCESS_KEY_ID";
    public const string SecretAccessKey = "AWS_SECRET_ACCESS_KEY";
    public const string SessionToken = "AWS_SESSION_TOKEN";

    public const string Profile = "AWS_PROFILE";
    public const string SharedCredentialsFile = "AWS_SHARED_CREDENTIALS_FILE";
    public const string ConfigFile = "AWS_CONFIG_FILE";

    public const string ContainerRelativeUri = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
    public const string ContainerFullUri = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    public const string ContainerAuthorizationToken = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
    public const string ContainerAuthorizationTokenFile = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";

    public const string Ec2MetadataEndpoint = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
    public const string Ec2MetadataEndpointMode = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE";
    public const string Ec2MetadataDisabled = "AWS_EC2_METADATA_DISABLED";

    /// <summary>The process environment.</summary>
    public static readonly Func<string, string?> Process = Environment.GetEnvironmentVariable;

    /// <summary>The trimmed value of <paramref name="name"/>, or <see langword="null"/> when it is unset or blank.</summary>
    public static string? Get(Func<string, string?> environment, string name)
    {
        var value = environment(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>
    /// Expands a leading <c>~</c> to the home directory (<c>HOME</c>, then <c>USERPROFILE</c>, then the OS user
    /// profile folder), as the SDKs do for <c>~/.aws/credentials</c>.
    /// </summary>
    public static string ExpandHome(Func<string, string?> environment, string path)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal))
        {
            var home = Get(environment, "HOME")
                ?? Get(environment, "USERPROFILE")
                ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return path.Length == 1 ? home : Path.Combine(home, path[2..]);
        }

        return path;
    }
}
