namespace Ses.Transport.DependencyInjection;

/// <summary>Where the AWS credentials of a sender come from.</summary>
public enum SesCredentialsSource
{
    /// <summary>The default chain: environment, shared files (<c>AWS_PROFILE</c>), container, instance metadata. The default.</summary>
    Default = 0,

    /// <summary>A named profile of the shared credentials and config files (<see cref="SesCredentialsOptions.Profile"/>).</summary>
    Profile = 1,

    /// <summary>Keys given in the settings (<see cref="SesCredentialsOptions.AccessKeyId"/>, <see cref="SesCredentialsOptions.SecretAccessKey"/>): for tests and the sandbox, not for production secrets.</summary>
    Static = 2,
}
