using Ses.Transport.Credentials;
using Ses.Transport.Tests.Credentials.Fixtures;

namespace Ses.Transport.Tests.Credentials;

public class EnvironmentCredentialsProviderTests
{
    [Fact]
    public async Task GetCredentialsAsync_AllVariablesSet_ReturnsThem()
    {
        using var env = new TestEnvironment
        {
            ["AWS_ACCESS_KEY_ID"] = FakeSecrets.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = FakeSecrets.SecretAccessKey,
            ["AWS_SESSION_TOKEN"] = FakeSecrets.SessionToken,
        };

        var credentials = await new EnvironmentCredentialsProvider(env.Get).GetCredentialsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(FakeSecrets.AccessKeyId, credentials.AccessKeyId);
        Assert.Equal(FakeSecrets.SecretAccessKey, credentials.SecretAccessKey);
        Assert.Equal(FakeSecrets.SessionToken, credentials.SessionToken);
        Assert.Null(credentials.Expiration);
    }

    [Fact]
    public async Task GetCredentialsAsync_NoVariables_ThrowsNamingTheVariables()
    {
        using var env = new TestEnvironment();

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await new EnvironmentCredentialsProvider(env.Get).GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.Contains("AWS_ACCESS_KEY_ID", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task GetCredentialsAsync_SecretWithoutKeyId_ThrowsWithoutTheSecret()
    {
        using var env = new TestEnvironment { ["AWS_SECRET_ACCESS_KEY"] = FakeSecrets.SecretAccessKey };

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await new EnvironmentCredentialsProvider(env.Get).GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.Contains("AWS_ACCESS_KEY_ID is not", ex.Message, StringComparison.Ordinal);
        FakeSecrets.AssertNone(ex);
    }

    [Fact]
    public async Task GetCredentialsAsync_SessionTokenWithLineBreak_ThrowsWithoutTheToken()
    {
        using var env = new TestEnvironment
        {
            ["AWS_ACCESS_KEY_ID"] = FakeSecrets.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = FakeSecrets.SecretAccessKey,
            ["AWS_SESSION_TOKEN"] = FakeSecrets.SessionToken + "\r\nX-Injected: 1",
        };

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await new EnvironmentCredentialsProvider(env.Get).GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.Contains("session token", ex.Message, StringComparison.Ordinal);
        FakeSecrets.AssertNone(ex);
    }
}
