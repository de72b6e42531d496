using Ses.Transport.Credentials;

namespace Ses.Transport.Tests.Credentials;

public class SesSmtpCredentialsTests
{
    // Published vectors for the SES SMTP password derivation.
    [Theory]
    [InlineData("eu-central-1", "some+secret+key", "BMXhUYlu5Z3gSXVQORxlVa7XPaz91aGWdfHxvkOZdWZ2")]
    [InlineData("eu-central-1", "another+secret+key", "BBbphbrQmrKMx42d1N6+C7VINYEBGI5v9VsZeTxwskfh")]
    [InlineData("us-west-1", "some+secret+key", "BH+jbMzper5WwlwUar9E1ySBqHa9whi0GPo+sJ0mVYJj")]
    [InlineData("us-west-1", "another+secret+key", "BKVmjjMDFk/qqw8EROW99bjCS65PF8WKvK5bSr4Y6EqF")]
    public void FromSecretAccessKey_PublishedVector_DerivesDocumentedPassword(string region, string secret, string expected)
    {
        var credentials = SesSmtpCredentials.FromSecretAccessKey("AKIAEXAMPLE", secret, region);

        Assert.Equal("AKIAEXAMPLE", credentials.UserName);
        Assert.Equal(expected, credentials.Password);
    }

    [Fact]
    public void ToString_Always_HidesPassword()
    {
        var credentials = SesSmtpCredentials.FromSecretAccessKey("AKIAEXAMPLE", "some+secret+key", "eu-central-1");

        var text = credentials.ToString();

        Assert.Contains("AKIAEXAMPLE", text, StringComparison.Ordinal);
        Assert.DoesNotContain(credentials.Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain("some+secret+key", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "s", "r")]
    [InlineData("a", "", "r")]
    [InlineData("a", "s", "")]
    public void FromSecretAccessKey_EmptyValue_Throws(string id, string secret, string region)
    {
        Assert.ThrowsAny<ArgumentException>(() => SesSmtpCredentials.FromSecretAccessKey(id, secret, region));
    }
}
