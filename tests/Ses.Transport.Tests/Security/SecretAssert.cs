namespace Ses.Transport.Tests.Security;

/// <summary>Asserts that a text (an exception, a log, a ToString) carries none of the test run's secrets.</summary>
public static class SecretAssert
{
    public static void NoSecret(string text, SecurityKeys keys, params string[] extraSecrets)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(keys);
        var secrets = new List<string>
        {
            SecurityKeys.PfxPassword,
            SecurityKeys.AlicePassphrase,
            SecurityKeys.BobPassphrase,
            keys.CarolPgpKey.Passphrase,
            keys.DavePgpKey.Passphrase,
            "PRIVATE KEY",
        };
        secrets.AddRange(extraSecrets);

        // Any line of key material (PEM or armor body) would give a key away.
        secrets.AddRange(BodyLines(keys.AlicePgpKey.SecretArmor));
        secrets.AddRange(BodyLines(SmimeTestCertificates.PrivateKeyPem(keys.AliceCertificate)));
        foreach (var extra in extraSecrets)
        {
            secrets.AddRange(BodyLines(extra));
        }

        foreach (var secret in secrets.Where(s => s.Length >= 8))
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<string> BodyLines(string armor) =>
        armor.Split('\n').Select(l => l.Trim()).Where(l => l.Length >= 40 && !l.StartsWith("-----", StringComparison.Ordinal));
}
