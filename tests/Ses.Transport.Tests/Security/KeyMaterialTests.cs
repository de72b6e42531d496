using System.Security.Cryptography.X509Certificates;
using Ses.Transport.Security;

namespace Ses.Transport.Tests.Security;

[Collection(SecurityCollection.Name)]
public sealed class KeyMaterialTests(SecurityKeys keys)
{
    [Fact]
    public void FromPkcs12_RightPassword_LoadsCertificateKeyAndAddress()
    {
        var material = SmimeKeyMaterial.FromPkcs12(keys.AlicePfx, SecurityKeys.PfxPassword);

        Assert.True(material.HasPrivateKey);
        Assert.Equal([SecurityKeys.Alice], material.Addresses);
        Assert.Equal(keys.AliceCertificate.Thumbprint, material.Thumbprint);
    }

    [Fact]
    public void FromPkcs12_WrongPassword_ThrowsWrongPassphrase()
    {
        var ex = Assert.Throws<SecureMessageException>(() => SmimeKeyMaterial.FromPkcs12(keys.AlicePfx, "not-the-password"));

        Assert.Equal(SecureMessageFailure.WrongPassphrase, ex.Failure);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public void FromPkcs12_DamagedData_ThrowsCorruptKeyData()
    {
        var damaged = keys.AlicePfx[..(keys.AlicePfx.Length / 2)];

        var ex = Assert.Throws<SecureMessageException>(() => SmimeKeyMaterial.FromPkcs12(damaged, SecurityKeys.PfxPassword));

        Assert.Equal(SecureMessageFailure.CorruptKeyData, ex.Failure);
    }

    [Fact]
    public void FromPkcs12File_RightPassword_LoadsKey()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ses-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, keys.AlicePfx);
        try
        {
            var material = SmimeKeyMaterial.FromPkcs12File(path, SecurityKeys.PfxPassword);

            Assert.True(material.HasPrivateKey);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FromPem_CertificateAndKey_LoadsKey()
    {
        var material = SmimeKeyMaterial.FromPem(keys.CarolCertificate.ExportCertificatePem(), SmimeTestCertificates.PrivateKeyPem(keys.CarolCertificate));

        Assert.True(material.HasPrivateKey);
        Assert.Equal([SecurityKeys.Carol], material.Addresses);
    }

    [Fact]
    public void FromPem_EncryptedKeyRightPassword_LoadsKey()
    {
        var pem = SmimeTestCertificates.EncryptedPrivateKeyPem(keys.AliceCertificate, "pem-Password-1");

        var material = SmimeKeyMaterial.FromPem(keys.AliceCertificate.ExportCertificatePem(), pem, "pem-Password-1");

        Assert.True(material.HasPrivateKey);
    }

    [Theory]
    [InlineData("wrong-password")]
    [InlineData(null)]
    public void FromPem_EncryptedKeyWrongOrNoPassword_ThrowsWrongPassphrase(string? password)
    {
        var pem = SmimeTestCertificates.EncryptedPrivateKeyPem(keys.AliceCertificate, "pem-Password-1");

        var ex = Assert.Throws<SecureMessageException>(() => SmimeKeyMaterial.FromPem(keys.AliceCertificate.ExportCertificatePem(), pem, password));

        Assert.Equal(SecureMessageFailure.WrongPassphrase, ex.Failure);
    }

    [Fact]
    public void FromPem_KeyOfAnotherCertificate_ThrowsCorruptKeyData()
    {
        var ex = Assert.Throws<SecureMessageException>(() =>
            SmimeKeyMaterial.FromPem(keys.AliceCertificate.ExportCertificatePem(), SmimeTestCertificates.PrivateKeyPem(keys.BobCertificate)));

        Assert.Equal(SecureMessageFailure.CorruptKeyData, ex.Failure);
    }

    [Theory]
    [InlineData("not a certificate")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]
    public void FromPem_DamagedCertificate_ThrowsCorruptKeyData(string pem)
    {
        var ex = Assert.Throws<SecureMessageException>(() => SmimeKeyMaterial.FromPem(pem));

        Assert.Equal(SecureMessageFailure.CorruptKeyData, ex.Failure);
    }

    [Fact]
    public void FromCertificate_WithChain_KeepsIntermediates()
    {
        var material = SmimeKeyMaterial.FromCertificate(keys.AliceCertificate, [keys.Authority]);

        Assert.True(material.HasPrivateKey);
        Assert.Equal(keys.AliceCertificate.NotAfter.ToUniversalTime(), material.NotAfter.UtcDateTime, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void FromArmoredSecretKey_RightPassphrase_LoadsSecretAndPublicKeys()
    {
        var material = PgpKeyMaterial.FromArmoredSecretKey(keys.AlicePgpKey.SecretArmor, SecurityKeys.AlicePassphrase);

        Assert.True(material.HasSecretKey);
        Assert.Equal([keys.AlicePgpKey.Fingerprint], material.Fingerprints);
        Assert.Equal([keys.AlicePgpKey.UserId], material.UserIds);
    }

    [Fact]
    public void FromArmoredSecretKey_WrongPassphrase_ThrowsWrongPassphrase()
    {
        var ex = Assert.Throws<SecureMessageException>(() => PgpKeyMaterial.FromArmoredSecretKey(keys.AlicePgpKey.SecretArmor, "not-the-passphrase"));

        Assert.Equal(SecureMessageFailure.WrongPassphrase, ex.Failure);
        Assert.Equal(keys.AlicePgpKey.Fingerprint, ex.Fingerprint);
    }

    [Fact]
    public async Task FromArmoredSecretKey_UnprotectedKey_LoadsAndSigns()
    {
        var key = PgpTestKeys.Generate("Erin <erin@example.com>", string.Empty, unprotected: true);
        var material = PgpKeyMaterial.FromArmoredSecretKey(key.SecretArmor, string.Empty);
        using var builder = new SecureMessageBuilder(new SecureMessageBuilderOptions { PgpSigner = material });

        var signed = await builder.SignAsync(SecurityKeys.Message(from: "erin@example.com"), ProtectionScheme.Pgp, TestContext.Current.CancellationToken);

        Assert.Equal(new MessageProtectionInfo(ProtectionScheme.Pgp, null, false), SecureMessageClassifier.Classify(signed));
    }

    [Fact]
    public void FromArmoredSecretKey_PublicKeyOnly_ThrowsCorruptKeyData()
    {
        var ex = Assert.Throws<SecureMessageException>(() => PgpKeyMaterial.FromArmoredSecretKey(keys.AlicePgpKey.PublicArmor, "x"));

        Assert.Equal(SecureMessageFailure.CorruptKeyData, ex.Failure);
    }

    [Fact]
    public void FromArmoredPublicKey_ChangedCharacterInArmor_ThrowsCorruptKeyData()
    {
        var damaged = Damage(keys.AlicePgpKey.PublicArmor);

        var ex = Assert.Throws<SecureMessageException>(() => PgpKeyMaterial.FromArmoredPublicKey(damaged));

        Assert.Equal(SecureMessageFailure.CorruptKeyData, ex.Failure);
    }

    [Fact]
    public void FromArmoredSecretKey_ChangedCharacterInArmor_ThrowsCorruptKeyData()
    {
        var damaged = Damage(keys.AlicePgpKey.SecretArmor);

        var ex = Assert.Throws<SecureMessageException>(() => PgpKeyMaterial.FromArmoredSecretKey(damaged, SecurityKeys.AlicePassphrase));

        Assert.Equal(SecureMessageFailure.CorruptKeyData, ex.Failure);
    }

    [Fact]
    public void FromArmoredPublicKey_TruncatedArmor_ThrowsCorruptKeyData()
    {
        var armor = keys.AlicePgpKey.PublicArmor;

        var ex = Assert.Throws<SecureMessageException>(() => PgpKeyMaterial.FromArmoredPublicKey(armor[..(armor.Length / 2)]));

        Assert.Equal(SecureMessageFailure.CorruptKeyData, ex.Failure);
    }

    [Fact]
    public void FromArmoredPublicKey_NotAKey_ThrowsCorruptKeyData()
    {
        var ex = Assert.Throws<SecureMessageException>(() => PgpKeyMaterial.FromArmoredPublicKey("hello, this is not a key"));

        Assert.Equal(SecureMessageFailure.CorruptKeyData, ex.Failure);
    }

    [Fact]
    public void FromArmoredPublicKeyFile_Armor_LoadsKey()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ses-{Guid.NewGuid():N}.asc");
        File.WriteAllText(path, keys.BobPgpKey.PublicArmor);
        try
        {
            var material = PgpKeyMaterial.FromArmoredPublicKeyFile(path);

            Assert.False(material.HasSecretKey);
            Assert.Equal([keys.BobPgpKey.Fingerprint], material.Fingerprints);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ToString_KeyMaterial_NamesCertificateAndKeysButNoSecret()
    {
        var smime = SmimeKeyMaterial.FromPkcs12(keys.AlicePfx, SecurityKeys.PfxPassword).ToString();
        var pgp = keys.AlicePgp.ToString();

        Assert.Contains(keys.AliceCertificate.Thumbprint, smime, StringComparison.Ordinal);
        Assert.Contains(keys.AlicePgpKey.Fingerprint, pgp, StringComparison.Ordinal);
        SecretAssert.NoSecret(smime, keys);
        SecretAssert.NoSecret(pgp, keys);
    }

    [Fact]
    public void Exceptions_WrongPasswordsAndDamagedKeys_CarryNoSecret()
    {
        var pem = SmimeTestCertificates.EncryptedPrivateKeyPem(keys.AliceCertificate, "pem-Password-1");
        var failures = new[]
        {
            Assert.Throws<SecureMessageException>(() => SmimeKeyMaterial.FromPkcs12(keys.AlicePfx, SecurityKeys.PfxPassword + "x")),
            Assert.Throws<SecureMessageException>(() => SmimeKeyMaterial.FromPem(keys.AliceCertificate.ExportCertificatePem(), pem, "pem-Password-1x")),
            Assert.Throws<SecureMessageException>(() => PgpKeyMaterial.FromArmoredSecretKey(keys.AlicePgpKey.SecretArmor, SecurityKeys.AlicePassphrase + "x")),
            Assert.Throws<SecureMessageException>(() => PgpKeyMaterial.FromArmoredSecretKey(Damage(keys.AlicePgpKey.SecretArmor), SecurityKeys.AlicePassphrase)),
        };

        foreach (var failure in failures)
        {
            SecretAssert.NoSecret(failure.ToString(), keys, SecurityKeys.PfxPassword + "x", "pem-Password-1x", SecurityKeys.AlicePassphrase + "x", pem);
        }
    }

    // Changes one character in the middle of the base64 body of an armored block.
    internal static string Damage(string armor)
    {
        var lines = armor.Split('\n');
        var start = Array.FindIndex(lines, l => l.Length == 0 || l == "\r") + 1;
        var target = start + ((lines.Length - start) / 2);
        var line = lines[target].ToCharArray();
        line[line.Length / 2] = line[line.Length / 2] == 'A' ? 'B' : 'A';
        lines[target] = new string(line);
        return string.Join('\n', lines);
    }
}
