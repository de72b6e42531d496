namespace Ses.Transport.Tests.Credentials.Fixtures;

/// <summary>
/// Distinctive fake secrets, so that "no secret in a message, a log line or ToString()" assertions can find them
/// anywhere they leak.
/// </summary>
public static class FakeSecrets
{
    public const string AccessKeyId = "ASIAFAKEACCESSKEY001";
    public const string SecretAccessKey = "fAkE/SeCrEt+AcCeSs=Key0000000000000001";
    public const string SessionToken = "IQoJFakeSessionToken//Token+Value=0001";
    public const string ContainerToken = "Bearer-FakeContainerAuthToken-0001";

    public static readonly string[] All = [SecretAccessKey, SessionToken, ContainerToken];

    /// <summary>Asserts that <paramref name="text"/> contains none of the secrets (nor their distinctive parts).</summary>
    public static void AssertNone(string? text, params string[] more)
    {
        foreach (var secret in All.Concat(more))
        {
            Assert.DoesNotContain(secret, text ?? string.Empty, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("SeCrEt", text ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("FakeSessionToken", text ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("FakeContainerAuthToken", text ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("FakeImdsToken", text ?? string.Empty, StringComparison.Ordinal);
    }

    /// <summary>Asserts that neither the exception nor anything it wraps (messages, stack text) contains a secret.</summary>
    public static void AssertNone(Exception exception, params string[] more) => AssertNone(exception.ToString(), more);
}
