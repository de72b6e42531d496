using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Ses.Transport.Credentials;
using Ses.Transport.Signing;

namespace Ses.Transport.Benchmarks.Signing;

[MemoryDiagnoser]
public class SigV4PartsProbe
{
    private readonly byte[] _body = new byte[1024];
    private readonly byte[] _hash = new byte[32];
    private readonly AwsSigV4Signer _signer = new("eu-west-1", "ses");
    private readonly AwsCredentials _credentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private readonly List<KeyValuePair<string, string>> _headers = [new("host", "email.eu-west-1.amazonaws.com"), new("content-type", "application/json"), new("x-amz-date", "20261128T120000Z")];

    [Benchmark(Baseline = true)]
    public byte[] HashBody() { SHA256.HashData(_body, _hash); return _hash; }

    [Benchmark]
    public string ComputeAuthorization() => _signer.ComputeAuthorization("POST", "/v2/email/outbound-emails", "", _headers, _hash, _credentials, "20261128T120000Z", true);

    private readonly IncrementalHash _inc = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, new byte[32]);
    private readonly HMACSHA256 _hmac = new(new byte[32]);

    [Benchmark]
    public byte[] IncrementalHmac() { _inc.AppendData(_body.AsSpan(0, 200)); _inc.GetHashAndReset(_hash); return _hash; }

    [Benchmark]
    public byte[] InstanceHmac() { _hmac.TryComputeHash(_body.AsSpan(0, 200), _hash, out _); return _hash; }

    [Benchmark]
    public byte[] ShaSmall() { SHA256.HashData(_body.AsSpan(0, 200), _hash); return _hash; }

    [Benchmark]
    public byte[] OneHmac() { HMACSHA256.HashData(_hash, _body.AsSpan(0, 200), _hash); return _hash; }
}
