using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Ses.Transport.Security;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Tests.Security;

[Collection(SecurityCollection.Name)]
public sealed class SecureMessageBuilderErrorTests(SecurityKeys keys)
{
    private const string Erin = "erin@example.com";

    [Fact]
    public async Task SignAsync_ExpiredSignerCertificate_ThrowsCertificateExpiredAndProducesNothing()
    {
        using var certificate = SmimeTestCertificates.Issue(keys.Authority, "Erin", Erin, notBefore: DateTimeOffset.UtcNow.AddDays(-10), notAfter: DateTimeOffset.UtcNow.AddDays(-1));
        using var builder = Smime(SmimeKeyMaterial.FromCertificate(certificate));
        var message = SecurityKeys.Message(from: Erin);

        var ex = await AssertFailsUnchangedAsync(builder, message, ProtectionScheme.SMime, MessageProtection.Sign);

        Assert.Equal(SecureMessageFailure.CertificateExpired, ex.Failure);
        Assert.Equal(Erin, ex.Address);
    }

    [Fact]
    public async Task SignAsync_NotYetValidSignerCertificate_ThrowsCertificateNotYetValid()
    {
        using var certificate = SmimeTestCertificates.Issue(keys.Authority, "Erin", Erin, notBefore: DateTimeOffset.UtcNow.AddDays(2), notAfter: DateTimeOffset.UtcNow.AddDays(10));
        using var builder = Smime(SmimeKeyMaterial.FromCertificate(certificate));

        var ex = await AssertFailsUnchangedAsync(builder, SecurityKeys.Message(from: Erin), ProtectionScheme.SMime, MessageProtection.Sign);

        Assert.Equal(SecureMessageFailure.CertificateNotYetValid, ex.Failure);
    }

    [Fact]
    public async Task EncryptAsync_RecipientCertificateExpiredByClock_ThrowsCertificateExpiredNamingRecipient()
    {
        var clock = new FakeTimeProvider(keys.BobCertificate.NotAfter.ToUniversalTime().AddDays(1));
        using var builder = Smime(keys.AliceSmime, clock, keys.BobSmimePublic);

        var ex = await AssertFailsUnchangedAsync(builder, SecurityKeys.Message(), ProtectionScheme.SMime, MessageProtection.Encrypt);

        Assert.Equal(SecureMessageFailure.CertificateExpired, ex.Failure);
        Assert.Equal(SecurityKeys.Bob, ex.Address);
    }

    [Fact]
    public async Task SignAsync_SignerCertificateWithoutSenderAddress_ThrowsAddressMismatch()
    {
        using var builder = Smime(keys.BobSmime);

        var ex = await AssertFailsUnchangedAsync(builder, SecurityKeys.Message(from: SecurityKeys.Alice), ProtectionScheme.SMime, MessageProtection.Sign);

        Assert.Equal(SecureMessageFailure.AddressMismatch, ex.Failure);
        Assert.Equal(SecurityKeys.Alice, ex.Address);
    }

    [Fact]
    public void Constructor_RecipientCertificateWithoutAnyAddress_ThrowsAddressMismatch()
    {
        using var certificate = SmimeTestCertificates.Issue(keys.Authority, "No Address", email: null);
        var options = new SecureMessageBuilderOptions();
        options.SmimeRecipients.Add(SmimeKeyMaterial.FromCertificate(certificate));

        var ex = Assert.Throws<SecureMessageException>(() => new SecureMessageBuilder(options));

        Assert.Equal(SecureMessageFailure.AddressMismatch, ex.Failure);
        Assert.Equal(certificate.Thumbprint, ex.Fingerprint);
    }

    [Fact]
    public async Task SignAsync_CertificateWithoutEmailProtectionUsage_ThrowsKeyNotCapable()
    {
        using var certificate = SmimeTestCertificates.Issue(keys.Authority, "Erin", Erin, extendedKeyUsage: SmimeTestCertificates.ServerAuth);
        using var builder = Smime(SmimeKeyMaterial.FromCertificate(certificate));

        var ex = await AssertFailsUnchangedAsync(builder, SecurityKeys.Message(from: Erin), ProtectionScheme.SMime, MessageProtection.Sign);

        Assert.Equal(SecureMessageFailure.KeyNotCapable, ex.Failure);
    }

    [Fact]
    public async Task SignAsync_CertificateWithoutSignatureKeyUsage_ThrowsKeyNotCapable()
    {
        using var certificate = SmimeTestCertificates.Issue(keys.Authority, "Erin", Erin, keyUsage: X509KeyUsageFlags.KeyEncipherment);
        using var builder = Smime(SmimeKeyMaterial.FromCertificate(certificate));

        var ex = await AssertFailsUnchangedAsync(builder, SecurityKeys.Message(from: Erin), ProtectionScheme.SMime, MessageProtection.Sign);

        Assert.Equal(SecureMessageFailure.KeyNotCapable, ex.Failure);
    }

    [Fact]
    public async Task EncryptAsync_RecipientCertificateWithoutEncipherment_ThrowsKeyNotCapable()
    {
        using var certificate = SmimeTestCertificates.Issue(keys.Authority, "Erin", Erin, keyUsage: X509KeyUsageFlags.DigitalSignature);
        using var builder = Smime(keys.AliceSmime, null, SmimeKeyMaterial.FromCertificate(certificate));

        var ex = await AssertFailsUnchangedAsync(builder, SecurityKeys.Message(to: Erin), ProtectionScheme.SMime, MessageProtection.Encrypt);

        Assert.Equal(SecureMessageFailure.KeyNotCapable, ex.Failure);
        Assert.Equal(Erin, ex.Address);
    }

    [Fact]
    public async Task EncryptAsync_EcRecipientCertificate_ThrowsKeyNotCapable()
    {
        using var builder = Smime(keys.AliceSmime, null, keys.DaveSmime);

        var ex = await AssertFailsUnchangedAsync(builder, SecurityKeys.Message(to: SecurityKeys.Dave), ProtectionScheme.SMime, MessageProtection.Encrypt);

        Assert.Equal(SecureMessageFailure.KeyNotCapable, ex.Failure);
    }

    [Theory]
    [InlineData(ProtectionScheme.SMime)]
    [InlineData(ProtectionScheme.Pgp)]
    public async Task EncryptAsync_OneRecipientWithoutKey_ThrowsMissingRecipientKeyNamingIt(ProtectionScheme scheme)
    {
        using var builder = Both();
        var message = SecurityKeys.Message(cc: "nobody@example.com");

        var ex = await AssertFailsUnchangedAsync(builder, message, scheme, MessageProtection.SignAndEncrypt);

        Assert.Equal(SecureMessageFailure.MissingRecipientKey, ex.Failure);
        Assert.Equal("nobody@example.com", ex.Address);
        Assert.Contains("nobody@example.com", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ProtectionScheme.SMime)]
    [InlineData(ProtectionScheme.Pgp)]
    public async Task EncryptAsync_BccRecipientWithoutKey_ThrowsMissingRecipientKey(ProtectionScheme scheme)
    {
        using var builder = Both();
        var message = SecurityKeys.Message();
        message.Bcc.Add(MailboxAddress.Parse("hidden@example.com"));

        var ex = await AssertFailsUnchangedAsync(builder, message, scheme, MessageProtection.Encrypt);

        Assert.Equal("hidden@example.com", ex.Address);
    }

    [Theory]
    [InlineData(ProtectionScheme.SMime)]
    [InlineData(ProtectionScheme.Pgp)]
    public async Task EncryptAsync_NoRecipients_ThrowsNoRecipients(ProtectionScheme scheme)
    {
        using var builder = Both();
        var message = SecurityKeys.Message();
        message.To.Clear();

        var ex = await AssertFailsUnchangedAsync(builder, message, scheme, MessageProtection.Encrypt);

        Assert.Equal(SecureMessageFailure.NoRecipients, ex.Failure);
    }

    [Theory]
    [InlineData(ProtectionScheme.SMime)]
    [InlineData(ProtectionScheme.Pgp)]
    public async Task SignAsync_NoSignerConfigured_ThrowsMissingSignerKey(ProtectionScheme scheme)
    {
        using var builder = new SecureMessageBuilder(new SecureMessageBuilderOptions());

        var ex = await AssertFailsUnchangedAsync(builder, SecurityKeys.Message(), scheme, MessageProtection.Sign);

        Assert.Equal(SecureMessageFailure.MissingSignerKey, ex.Failure);
    }

    [Fact]
    public void Constructor_SignerWithoutPrivateKey_ThrowsMissingSignerKey()
    {
        var ex = Assert.Throws<SecureMessageException>(() => new SecureMessageBuilder(new SecureMessageBuilderOptions { SmimeSigner = keys.BobSmimePublic }));

        Assert.Equal(SecureMessageFailure.MissingSignerKey, ex.Failure);
    }

    [Theory]
    [InlineData(ProtectionScheme.SMime)]
    [InlineData(ProtectionScheme.Pgp)]
    public async Task SignAsync_NoBody_ThrowsEmptyMessage(ProtectionScheme scheme)
    {
        using var builder = Both();
        var message = SecurityKeys.Message();
        message.Body = null;

        var ex = await Assert.ThrowsAsync<SecureMessageException>(() => builder.SignAsync(message, scheme, TestContext.Current.CancellationToken));

        Assert.Equal(SecureMessageFailure.EmptyMessage, ex.Failure);
    }

    [Fact]
    public async Task EncryptAsync_EmptyTextBody_ThrowsEmptyMessage()
    {
        using var builder = Both();
        var message = SecurityKeys.Message();
        message.Body = new TextPart("plain") { Text = string.Empty };

        var ex = await AssertFailsUnchangedAsync(builder, message, ProtectionScheme.Pgp, MessageProtection.Encrypt);

        Assert.Equal(SecureMessageFailure.EmptyMessage, ex.Failure);
    }

    [Fact]
    public async Task EncryptAsync_PgpRecipientWithoutEncryptionKey_ThrowsKeyNotCapable()
    {
        var key = PgpTestKeys.Generate($"Erin <{Erin}>", "erin-pass", encryptionSubkey: false);
        using var builder = Pgp(keys.AlicePgp, null, PgpKeyMaterial.FromArmoredPublicKey(key.PublicArmor));

        var ex = await AssertFailsUnchangedAsync(builder, SecurityKeys.Message(to: Erin), ProtectionScheme.Pgp, MessageProtection.Encrypt);

        Assert.Equal(SecureMessageFailure.KeyNotCapable, ex.Failure);
        Assert.Equal(key.Fingerprint, ex.Fingerprint);
    }

    [Fact]
    public async Task EncryptAsync_RevokedPgpRecipientKey_ThrowsKeyRevoked()
    {
        var key = PgpTestKeys.Generate($"Erin <{Erin}>", "erin-pass", revoked: true);
        using var builder = Pgp(keys.AlicePgp, null, PgpKeyMaterial.FromArmoredPublicKey(key.PublicArmor));

        var ex = await AssertFailsUnchangedAsync(builder, SecurityKeys.Message(to: Erin), ProtectionScheme.Pgp, MessageProtection.Encrypt);

        Assert.Equal(SecureMessageFailure.KeyRevoked, ex.Failure);
    }

    [Fact]
    public async Task SignAsync_RevokedPgpSignerKey_ThrowsKeyRevoked()
    {
        var key = PgpTestKeys.Generate($"Erin <{Erin}>", "erin-pass", revoked: true);
        using var builder = Pgp(PgpKeyMaterial.FromArmoredSecretKey(key.SecretArmor, "erin-pass"), null);

        var ex = await AssertFailsUnchangedAsync(builder, SecurityKeys.Message(from: Erin), ProtectionScheme.Pgp, MessageProtection.Sign);

        Assert.Equal(SecureMessageFailure.KeyRevoked, ex.Failure);
    }

    [Fact]
    public async Task EncryptAsync_ExpiredPgpRecipientKey_ThrowsKeyExpired()
    {
        var key = PgpTestKeys.Generate($"Erin <{Erin}>", "erin-pass", created: DateTime.UtcNow.AddDays(-10), expiresAfterSeconds: 86_400);
        using var builder = Pgp(keys.AlicePgp, null, PgpKeyMaterial.FromArmoredPublicKey(key.PublicArmor));

        var ex = await AssertFailsUnchangedAsync(builder, SecurityKeys.Message(to: Erin), ProtectionScheme.Pgp, MessageProtection.Encrypt);

        Assert.Equal(SecureMessageFailure.KeyExpired, ex.Failure);
    }

    [Fact]
    public async Task SignAsync_PgpKeyExpiredByClock_ThrowsKeyExpired()
    {
        var key = PgpTestKeys.Generate($"Erin <{Erin}>", "erin-pass", expiresAfterSeconds: 86_400);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(3));
        using var builder = Pgp(PgpKeyMaterial.FromArmoredSecretKey(key.SecretArmor, "erin-pass"), clock);

        var ex = await AssertFailsUnchangedAsync(builder, SecurityKeys.Message(from: Erin), ProtectionScheme.Pgp, MessageProtection.Sign);

        Assert.Equal(SecureMessageFailure.KeyExpired, ex.Failure);
    }

    [Fact]
    public async Task SignAndEncryptAsync_PgpKeyExpiresAfterEarlierSuccess_ThrowsKeyExpired()
    {
        // The first message verifies the key's self-signatures and caches what they say; expiry still follows the clock.
        var key = PgpTestKeys.Generate($"Erin <{Erin}>", "erin-pass", expiresAfterSeconds: 86_400);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var builder = Pgp(PgpKeyMaterial.FromArmoredSecretKey(key.SecretArmor, "erin-pass"), clock);
        var first = await builder.SignAndEncryptAsync(SecurityKeys.Message(from: Erin, to: Erin), ProtectionScheme.Pgp, TestContext.Current.CancellationToken);
        Assert.Equal(ProtectionScheme.Pgp, SecureMessageClassifier.Classify(first).Scheme);

        clock.Advance(TimeSpan.FromDays(2));
        var ex = await AssertFailsUnchangedAsync(builder, SecurityKeys.Message(from: Erin, to: Erin), ProtectionScheme.Pgp, MessageProtection.SignAndEncrypt);

        Assert.Equal(SecureMessageFailure.KeyExpired, ex.Failure);
    }

    [Fact]
    public async Task EncryptAsync_RevokedPgpRecipientKeyOnSecondMessage_ThrowsKeyRevokedAgain()
    {
        var key = PgpTestKeys.Generate($"Erin <{Erin}>", "erin-pass", revoked: true);
        using var builder = Pgp(keys.AlicePgp, null, PgpKeyMaterial.FromArmoredPublicKey(key.PublicArmor));
        await AssertFailsUnchangedAsync(builder, SecurityKeys.Message(to: Erin), ProtectionScheme.Pgp, MessageProtection.Encrypt);

        var ex = await AssertFailsUnchangedAsync(builder, SecurityKeys.Message(to: Erin), ProtectionScheme.Pgp, MessageProtection.Encrypt);

        Assert.Equal(SecureMessageFailure.KeyRevoked, ex.Failure);
    }

    [Fact]
    public async Task SignAsync_PgpKeyWithoutSigningFlag_ThrowsKeyNotCapable()
    {
        var key = PgpTestKeys.Generate($"Erin <{Erin}>", "erin-pass", signingFlag: false);
        using var builder = Pgp(PgpKeyMaterial.FromArmoredSecretKey(key.SecretArmor, "erin-pass"), null);

        var ex = await AssertFailsUnchangedAsync(builder, SecurityKeys.Message(from: Erin), ProtectionScheme.Pgp, MessageProtection.Sign);

        Assert.Equal(SecureMessageFailure.KeyNotCapable, ex.Failure);
    }

    [Fact]
    public async Task SignAsync_PgpSignerWithoutSenderAddress_ThrowsAddressMismatch()
    {
        using var builder = Pgp(keys.BobPgp, null);

        var ex = await AssertFailsUnchangedAsync(builder, SecurityKeys.Message(from: SecurityKeys.Alice), ProtectionScheme.Pgp, MessageProtection.Sign);

        Assert.Equal(SecureMessageFailure.AddressMismatch, ex.Failure);
        Assert.Equal(SecurityKeys.Alice, ex.Address);
    }

    [Fact]
    public async Task ProtectAsync_None_ThrowsArgumentOutOfRange()
    {
        using var builder = Both();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            builder.ProtectAsync(SecurityKeys.Message(), ProtectionScheme.SMime, MessageProtection.None, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ProtectAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var builder = Both();
        builder.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => builder.SignAsync(SecurityKeys.Message(), ProtectionScheme.Pgp, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ProtectAsync_Failure_LogsFailureKindWithoutSecrets()
    {
        using var logs = new RecordingLoggerFactory();
        var options = new SecureMessageBuilderOptions { SmimeSigner = keys.AliceSmime, PgpSigner = keys.AlicePgp };
        using var builder = new SecureMessageBuilder(options, loggerFactory: logs);

        await Assert.ThrowsAsync<SecureMessageException>(() => builder.EncryptAsync(SecurityKeys.Message(to: "nobody@example.com"), ProtectionScheme.Pgp, TestContext.Current.CancellationToken));
        await builder.SignAsync(SecurityKeys.Message(), ProtectionScheme.SMime, TestContext.Current.CancellationToken);

        Assert.Contains(logs.Lines, l => l.Contains("[401]", StringComparison.Ordinal) && l.Contains(nameof(SecureMessageFailure.MissingRecipientKey), StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("[400]", StringComparison.Ordinal));
        SecretAssert.NoSecret(logs.AllText, keys);
    }

    private static async Task<SecureMessageException> AssertFailsUnchangedAsync(
        SecureMessageBuilder builder, MimeMessage message, ProtectionScheme scheme, MessageProtection protection)
    {
        var before = SecureMessageRoundTripTests.Serialize(message);

        var ex = await Assert.ThrowsAsync<SecureMessageException>(() => builder.ProtectAsync(message, scheme, protection, TestContext.Current.CancellationToken));

        // Nothing was produced, and the input was left exactly as it was.
        Assert.Equal(before, SecureMessageRoundTripTests.Serialize(message));
        Assert.False(ex.IsTransient);
        return ex;
    }

    private SecureMessageBuilder Both()
    {
        var options = new SecureMessageBuilderOptions { SmimeSigner = keys.AliceSmime, PgpSigner = keys.AlicePgp };
        options.SmimeRecipients.Add(keys.BobSmimePublic);
        options.PgpRecipients.Add(keys.BobPgpPublic);
        return new SecureMessageBuilder(options);
    }

    private static SecureMessageBuilder Smime(SmimeKeyMaterial signer, TimeProvider? clock = null, params SmimeKeyMaterial[] recipients)
    {
        var options = new SecureMessageBuilderOptions { SmimeSigner = signer };
        foreach (var recipient in recipients)
        {
            options.SmimeRecipients.Add(recipient);
        }

        return new SecureMessageBuilder(options, clock);
    }

    private static SecureMessageBuilder Pgp(PgpKeyMaterial signer, TimeProvider? clock, params PgpKeyMaterial[] recipients)
    {
        var options = new SecureMessageBuilderOptions { PgpSigner = signer };
        foreach (var recipient in recipients)
        {
            options.PgpRecipients.Add(recipient);
        }

        return new SecureMessageBuilder(options, clock);
    }
}
