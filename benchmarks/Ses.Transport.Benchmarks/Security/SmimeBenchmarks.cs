using BenchmarkDotNet.Attributes;
using MimeKit;
using MimeKit.Cryptography;
using Ses.Transport.Security;

namespace Ses.Transport.Benchmarks.Security;

/// <summary>
/// S/MIME signing of a 100 KB message (multipart/signed, SHA-256, RSA 2048). Baseline: MimeKit called directly with
/// the same signer on an in-memory context. Target: the builder at most 1.05x the baseline's time.
/// </summary>
[MemoryDiagnoser]
public class SmimeSignBenchmarks
{
    private readonly SecureMessageFixture _fixture = SecureMessageFixture.Instance;

    [Benchmark(Baseline = true)]
    public async Task<MimeMessage> MimeKitDirect()
    {
        using var context = new TemporarySecureMimeContext();
        var signed = await MultipartSigned.CreateAsync(context, _fixture.SmimeSigner, _fixture.Message.Body!);
        return SecureMessageFixture.WithBody(_fixture.Message, signed);
    }

    [Benchmark]
    public Task<MimeMessage> SecureMessageBuilder() =>
        _fixture.Builder.SignAsync(_fixture.Message, ProtectionScheme.SMime);
}

/// <summary>
/// S/MIME encryption of a 100 KB message to its recipient (AES-256-CBC, RSA key transport). Baseline:
/// MimeKit called directly with the same recipients. Target: at most 1.05x.
/// </summary>
[MemoryDiagnoser]
public class SmimeEncryptBenchmarks
{
    private readonly SecureMessageFixture _fixture = SecureMessageFixture.Instance;

    [Benchmark(Baseline = true)]
    public async Task<MimeMessage> MimeKitDirect()
    {
        using var context = new TemporarySecureMimeContext();
        var encrypted = await ApplicationPkcs7Mime.EncryptAsync(context, _fixture.SmimeRecipients, _fixture.Message.Body!);
        return SecureMessageFixture.WithBody(_fixture.Message, encrypted);
    }

    [Benchmark]
    public Task<MimeMessage> SecureMessageBuilder() =>
        _fixture.Builder.EncryptAsync(_fixture.Message, ProtectionScheme.SMime);
}

/// <summary>S/MIME sign, then encrypt, of a 100 KB message. Baseline: the same two MimeKit calls. Target: at most 1.05x.</summary>
[MemoryDiagnoser]
public class SmimeSignAndEncryptBenchmarks
{
    private readonly SecureMessageFixture _fixture = SecureMessageFixture.Instance;

    [Benchmark(Baseline = true)]
    public async Task<MimeMessage> MimeKitDirect()
    {
        using var context = new TemporarySecureMimeContext();
        var signed = await MultipartSigned.CreateAsync(context, _fixture.SmimeSigner, _fixture.Message.Body!);
        var encrypted = await ApplicationPkcs7Mime.EncryptAsync(context, _fixture.SmimeRecipients, signed);
        return SecureMessageFixture.WithBody(_fixture.Message, encrypted);
    }

    [Benchmark]
    public Task<MimeMessage> SecureMessageBuilder() =>
        _fixture.Builder.SignAndEncryptAsync(_fixture.Message, ProtectionScheme.SMime);
}
