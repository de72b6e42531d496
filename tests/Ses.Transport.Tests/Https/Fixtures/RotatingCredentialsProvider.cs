using Ses.Transport.Credentials;

namespace Ses.Transport.Tests.Https.Fixtures;

/// <summary>A provider whose credentials the test replaces, as temporary credentials are replaced when they expire.</summary>
internal sealed class RotatingCredentialsProvider(AwsCredentials initial) : IAwsCredentialsProvider
{
    private AwsCredentials _current = initial;

    public int Calls { get; private set; }

    public void Rotate(AwsCredentials next) => Volatile.Write(ref _current, next);

    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        Calls++;
        return ValueTask.FromResult(Volatile.Read(ref _current));
    }
}
