using BenchmarkDotNet.Attributes;
using MimeKit;
using MimeKit.Cryptography;
using Ses.Transport.Security;

namespace Ses.Transport.Benchmarks.Security;

/// <summary>
/// PGP/MIME sign and encrypt of a 100 KB message (RFC 3156 §6.2, SHA-256, AES-256, RSA 2048 keys). Baseline: MimeKit's
/// <see cref="MultipartEncrypted.SignAndEncryptAsync(OpenPgpContext, Org.BouncyCastle.Bcpg.OpenPgp.PgpSecretKey, DigestAlgorithm, EncryptionAlgorithm, IEnumerable{Org.BouncyCastle.Bcpg.OpenPgp.PgpPublicKey}, MimeEntity, CancellationToken)"/>
/// with keys chosen once. Target: at most 1.05x.
/// </summary>
[MemoryDiagnoser]
public class PgpSignAndEncryptBenchmarks
{
    private readonly SecureMessageFixture _fixture = SecureMessageFixture.Instance;

    [Benchmark(Baseline = true)]
    public async Task<MimeMessage> MimeKitDirect()
    {
        var encrypted = await MultipartEncrypted.SignAndEncryptAsync(
            _fixture.PgpContext, _fixture.PgpSigningKey, DigestAlgorithm.Sha256, EncryptionAlgorithm.Aes256, _fixture.PgpRecipientKeys, _fixture.Message.Body!);
        return SecureMessageFixture.WithBody(_fixture.Message, encrypted);
    }

    [Benchmark]
    public Task<MimeMessage> SecureMessageBuilder() =>
        _fixture.Builder.SignAndEncryptAsync(_fixture.Message, ProtectionScheme.Pgp);
}
