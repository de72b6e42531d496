using Ses.Transport.Credentials;
using Ses.Transport.Tests.Credentials.Fixtures;

namespace Ses.Transport.Tests.Credentials;

public class SharedCredentialsFileProviderTests
{
    [Fact]
    public async Task GetCredentialsAsync_DefaultProfileInHomeCredentialsFile_ReturnsIt()
    {
        using var env = new TestEnvironment();
        env.WriteAwsFile("credentials", $"""
            # comment
            [other]
            aws_access_key_id = AKIAOTHER
            aws_secret_access_key = other-secret

            [default]
            aws_access_key_id = {FakeSecrets.AccessKeyId}
            aws_secret_access_key = {FakeSecrets.SecretAccessKey}
            ; another comment
            aws_session_token = {FakeSecrets.SessionToken}
            """);

        var credentials = await new SharedCredentialsFileProvider(env.Get).GetCredentialsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(FakeSecrets.AccessKeyId, credentials.AccessKeyId);
        Assert.Equal(FakeSecrets.SecretAccessKey, credentials.SecretAccessKey);
        Assert.Equal(FakeSecrets.SessionToken, credentials.SessionToken);
    }

    [Fact]
    public async Task GetCredentialsAsync_AwsProfileInConfigFile_ReadsProfileSection()
    {
        using var env = new TestEnvironment { ["AWS_PROFILE"] = "mailer" };
        env["AWS_CONFIG_FILE"] = env.WriteFile("custom-config", $"""
            [default]
            aws_access_key_id = AKIADEFAULT
            aws_secret_access_key = default-secret

            [mailer]
            aws_access_key_id = AKIANOTAPROFILE
            aws_secret_access_key = not-a-profile-in-config

            [profile mailer]
            region = eu-central-1
            aws_access_key_id = {FakeSecrets.AccessKeyId}
            aws_secret_access_key = {FakeSecrets.SecretAccessKey}
            s3 =
              max_concurrent_requests = 10
            """);

        var credentials = await new SharedCredentialsFileProvider(env.Get).GetCredentialsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(FakeSecrets.AccessKeyId, credentials.AccessKeyId);
        Assert.Equal(FakeSecrets.SecretAccessKey, credentials.SecretAccessKey);
        Assert.Null(credentials.SessionToken);
    }

    [Fact]
    public async Task GetCredentialsAsync_SameProfileInBothFiles_CredentialsFileWins()
    {
        using var env = new TestEnvironment();
        env["AWS_SHARED_CREDENTIALS_FILE"] = env.WriteFile("creds", $"""
            [default]
            aws_access_key_id = {FakeSecrets.AccessKeyId}
            aws_secret_access_key = {FakeSecrets.SecretAccessKey}
            """);
        env.WriteAwsFile("config", """
            [default]
            aws_access_key_id = AKIAFROMCONFIG
            aws_secret_access_key = config-secret
            aws_session_token = config-token
            """);

        var credentials = await new SharedCredentialsFileProvider(env.Get).GetCredentialsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(FakeSecrets.AccessKeyId, credentials.AccessKeyId);
        Assert.Equal(FakeSecrets.SecretAccessKey, credentials.SecretAccessKey);
        Assert.Null(credentials.SessionToken); // the config file's token is not mixed in
    }

    [Theory]
    [InlineData("[default\naws_access_key_id = A", 1)]
    [InlineData("[default]\naws_access_key_id = AKIAX\nSeCrEtLineWithoutEquals\n", 3)]
    [InlineData("aws_secret_access_key = " + FakeSecrets.SecretAccessKey + "\n[default]", 1)]
    [InlineData("[default]\naws_access_key_id = AKIAX\n= " + FakeSecrets.SecretAccessKey, 3)]
    [InlineData("[default] aws_secret_access_key = " + FakeSecrets.SecretAccessKey, 1)]
    public async Task GetCredentialsAsync_MalformedFile_ThrowsNamingFileAndLineWithoutSecret(string text, int line)
    {
        using var env = new TestEnvironment();
        var path = env.WriteAwsFile("credentials", text);

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await new SharedCredentialsFileProvider(env.Get).GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"line {line}:", ex.Message, StringComparison.Ordinal);
        FakeSecrets.AssertNone(ex);
    }

    [Fact]
    public async Task GetCredentialsAsync_IndentedSecretContinuingKeyId_ThrowsWithoutSecret()
    {
        using var env = new TestEnvironment();
        env.WriteAwsFile("credentials", $"""
            [default]
            aws_access_key_id = {FakeSecrets.AccessKeyId}
              {FakeSecrets.SecretAccessKey}
            aws_secret_access_key = {FakeSecrets.SecretAccessKey}
            """);

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await new SharedCredentialsFileProvider(env.Get).GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.Contains("access key id", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
        FakeSecrets.AssertNone(ex);
    }

    [Fact]
    public async Task GetCredentialsAsync_KeyIdWithoutSecret_ThrowsNamingMissingKey()
    {
        using var env = new TestEnvironment();
        env.WriteAwsFile("credentials", $"[default]\naws_access_key_id = {FakeSecrets.AccessKeyId}\n");

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await new SharedCredentialsFileProvider(env.Get).GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.Contains("no aws_secret_access_key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCredentialsAsync_NamedProfileMissing_ThrowsNamingProfileAndFiles()
    {
        using var env = new TestEnvironment { ["AWS_PROFILE"] = "absent" };
        var path = env.WriteAwsFile("credentials", $"[default]\naws_access_key_id = A\naws_secret_access_key = {FakeSecrets.SecretAccessKey}\n");

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await new SharedCredentialsFileProvider(env.Get).GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.Contains("'absent'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCredentialsAsync_ProfileUsesRoleArn_ThrowsUnsupported()
    {
        using var env = new TestEnvironment { ["AWS_PROFILE"] = "assumed" };
        env.WriteAwsFile("config", """
            [profile assumed]
            role_arn = arn:aws:iam::123456789012:role/mailer
            source_profile = default
            """);

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await new SharedCredentialsFileProvider(env.Get).GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.Contains("'role_arn'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCredentialsAsync_ProfileNamedInInitializer_OverridesEnvironment()
    {
        using var env = new TestEnvironment { ["AWS_PROFILE"] = "ignored" };
        var path = env.WriteFile("elsewhere", $"[chosen]\naws_access_key_id = {FakeSecrets.AccessKeyId}\naws_secret_access_key = {FakeSecrets.SecretAccessKey}\n");
        var provider = new SharedCredentialsFileProvider(env.Get) { ProfileName = "chosen", CredentialsFilePath = path };

        var credentials = await provider.GetCredentialsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(FakeSecrets.AccessKeyId, credentials.AccessKeyId);
    }

    [Fact]
    public void GetRegion_ProfileWithRegionInConfig_ReturnsIt()
    {
        using var env = new TestEnvironment { ["AWS_PROFILE"] = "mailer" };
        env.WriteAwsFile("config", """
            [default]
            region = us-east-1

            [profile mailer]
            region = eu-west-3
            """);

        var region = new SharedCredentialsFileProvider(env.Get).GetRegion();

        Assert.Equal("eu-west-3", region);
    }

    [Fact]
    public void GetRegion_NoConfigFile_ReturnsNull()
    {
        using var env = new TestEnvironment();

        Assert.Null(new SharedCredentialsFileProvider(env.Get).GetRegion());
    }

    [Fact]
    public async Task GetCredentialsAsync_FileLargerThanLimit_ThrowsInsteadOfReading()
    {
        using var env = new TestEnvironment();
        env.WriteAwsFile("credentials", "[default]\n" + new string('#', 1024 * 1024 + 1));

        var ex = await Assert.ThrowsAsync<AwsCredentialsException>(
            async () => await new SharedCredentialsFileProvider(env.Get).GetCredentialsAsync(TestContext.Current.CancellationToken));

        Assert.Contains("larger than", ex.Message, StringComparison.Ordinal);
    }
}
