namespace Ses.Transport.DependencyInjection;

/// <summary>
/// The credentials of a sender: AWS credentials for the HTTPS API (and, derived from them, the SMTP password), or SMTP
/// credentials given as they are. <see cref="ToString"/> never shows a secret.
/// </summary>
public sealed class SesCredentialsOptions
{
    /// <summary>Where the AWS credentials come from.</summary>
    /// <value>The default is <see cref="SesCredentialsSource.Default"/>.</value>
    public SesCredentialsSource Source { get; set; }

    /// <summary>The profile name for <see cref="SesCredentialsSource.Profile"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Profile { get; set; }

    /// <summary>The access key id for <see cref="SesCredentialsSource.Static"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? AccessKeyId { get; set; }

    /// <summary>The secret access key for <see cref="SesCredentialsSource.Static"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? SecretAccessKey { get; set; }

    /// <summary>The session token for <see cref="SesCredentialsSource.Static"/> temporary credentials.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? SessionToken { get; set; }

    /// <summary>
    /// The SMTP user name (set together with <see cref="SmtpPassword"/>). When both are unset the SMTP transports use the
    /// AWS access key id and the password derived from the secret access key for the region
    /// (<see cref="Credentials.SesSmtpCredentials.FromSecretAccessKey"/>).
    /// </summary>
    /// <value>The default is <see langword="null"/> (derived).</value>
    public string? SmtpUserName { get; set; }

    /// <summary>The SMTP password (set together with <see cref="SmtpUserName"/>).</summary>
    /// <value>The default is <see langword="null"/> (derived).</value>
    public string? SmtpPassword { get; set; }

    /// <inheritdoc />
    public override string ToString() =>
        $"SesCredentialsOptions {{ Source = {Source}, Profile = {Profile}, AccessKeyId = {AccessKeyId}, SecretAccessKey = {(SecretAccessKey is null ? "null" : "***")}, SmtpUserName = {SmtpUserName}, SmtpPassword = {(SmtpPassword is null ? "null" : "***")} }}";
}
