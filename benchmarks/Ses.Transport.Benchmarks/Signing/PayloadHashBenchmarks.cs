using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Ses.Transport.Signing;

namespace Ses.Transport.Benchmarks.Signing;

/// <summary>
/// Hashing a request body (1 MB and 30 MB) through the signer's payload-hash path. Baseline: the one-shot
/// <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/> on the same bytes. Target: at least 0.8x its
/// throughput, that is a time ratio of at most 1.25.
/// </summary>
[MemoryDiagnoser]
public class PayloadHashBenchmarks
{
    private byte[] _payload = [];
    private readonly byte[] _hash = new byte[32];

    /// <summary>The body size in bytes.</summary>
    [Params(1024 * 1024, 30 * 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _payload = new byte[Size];
        Random.Shared.NextBytes(_payload);
    }

    [Benchmark(Baseline = true)]
    public byte[] Sha256HashData()
    {
        SHA256.HashData(_payload, _hash);
        return _hash;
    }

    [Benchmark]
    public byte[] SignerHashPayload()
    {
        AwsSigV4Signer.HashPayload(_payload, _hash);
        return _hash;
    }
}
