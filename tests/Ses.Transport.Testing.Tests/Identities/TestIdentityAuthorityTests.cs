using System.Security.Cryptography.X509Certificates;
using MimeKit;
using Ses.Transport.Security;
using Ses.Transport.Testing.Identities;

namespace Ses.Transport.Testing.Tests.Identities;

public sealed class TestIdentityAuthorityTests
{
    [Theory]
    [InlineData(ProtectionScheme.SMime)]
    [InlineData(ProtectionScheme.Pgp)]
    public async Task Issue_TwoIdentities_SignAndEncryptRoundTripsTrusted(ProtectionScheme scheme)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var authority = new TestIdentityAuthority();
        var alice = authority.Issue("alice@example.com");
        var bob = authority.Issue("bob@example.net");
        var builderOptions = new SecureMessageBuilderOptions { SmimeSigner = alice.Smime, PgpSigner = alice.Pgp };
        builderOptions.SmimeRecipients.Add(bob.SmimePublic);
        builderOptions.PgpRecipients.Add(bob.PgpPublic);
        using var builder = new SecureMessageBuilder(builderOptions);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(alice.Address));
        message.To.Add(MailboxAddress.Parse(bob.Address));
        message.Subject = "identities";
        message.Body = new TextPart("plain") { Text = "secret text" };

        var protectedMessage = await builder.SignAndEncryptAsync(message, scheme, cancellationToken);

        var readerOptions = new SecureMessageReaderOptions();
        readerOptions.SmimeKeys.Add(bob.Smime);
        readerOptions.SmimeTrustAnchors.Add(authority.Certificate);
        readerOptions.PgpKeys.Add(bob.Pgp);
        readerOptions.PgpKeys.Add(alice.PgpPublic);
        using var reader = new SecureMessageReader(readerOptions);
        var result = await reader.ReadAsync(protectedMessage, cancellationToken);
        var signature = Assert.Single(result.Signatures);
        Assert.Equal(SignatureStatus.Valid, signature.Status);
        Assert.True(signature.IsTrusted);
        Assert.Contains("secret text", ((TextPart)result.Content).Text, StringComparison.Ordinal);
        Assert.True(SecureMessageClassifier.Classify(protectedMessage).IsEncrypted);
    }

    [Fact]
    public void Issue_Identity_CertificateNamesAddressAndChainsToAuthority()
    {
        using var authority = new TestIdentityAuthority();

        var identity = authority.Issue("carol@example.org");

        Assert.Contains("carol@example.org", identity.Smime.Addresses);
        Assert.True(identity.Smime.HasPrivateKey);
        Assert.False(identity.SmimePublic.HasPrivateKey);
        Assert.True(identity.Pgp.HasSecretKey);
        Assert.False(identity.PgpPublic.HasSecretKey);
        Assert.Contains("BEGIN PGP PUBLIC KEY BLOCK", identity.PgpPublicKeyArmor, StringComparison.Ordinal);
        Assert.Equal(authority.Certificate.Subject, identity.Certificate.Issuer);

        // Signed by the authority's key, not only named after it.
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority.Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(identity.Certificate), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(authority.Certificate.Thumbprint, chain.ChainElements[^1].Certificate.Thumbprint);
    }
}
