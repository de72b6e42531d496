namespace Ses.Transport.Credentials.Internal;

/// <summary>Which of the two shared files a profile file is; they name their sections differently.</summary>
internal enum AwsProfileFileKind
{
    /// <summary><c>~/.aws/credentials</c>: <c>[name]</c> is the profile.</summary>
    Credentials,

    /// <summary><c>~/.aws/config</c>: <c>[default]</c> and <c>[profile name]</c> are profiles; other sections are not.</summary>
    Config,
}
