using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using Ses.Transport.Credentials;
using Ses.Transport.Signing;

namespace Ses.Transport.Benchmarks.Signing;

/// <summary>
/// Signing a 1 KB SES SendEmail request. Both sides hash the body and produce the Authorization header.
/// Baseline: the SigV4 signer of the AWS SDK for .NET (AWSSDK.Core) on the same request.
/// </summary>
[MemoryDiagnoser]
public class SigV4SigningBenchmarks
{
    private static readonly DateTimeOffset SignedAt = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private readonly AwsCredentials _credentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private byte[] _body = [];
    private AwsSdkReferenceSigner _reference = null!;
    private AwsSigV4Signer _signer = null!;
    private HttpRequestMessage _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _body = new byte[1024];
        Random.Shared.NextBytes(_body);
        _reference = new AwsSdkReferenceSigner("eu-west-1");
        _signer = new AwsSigV4Signer("eu-west-1", "ses");
        _request = new HttpRequestMessage(HttpMethod.Post, "https://email.eu-west-1.amazonaws.com/v2/email/outbound-emails")
        {
            Content = new ByteArrayContent(_body),
        };
        _request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
    }

    [GlobalCleanup]
    public void Cleanup() => _request.Dispose();

    [Benchmark(Baseline = true)]
    public string AwsSdkCore() => _reference.Sign(_body, _credentials.AccessKeyId, _credentials.SecretAccessKey, SignedAt.UtcDateTime);

    [Benchmark]
    public string SesTransport()
    {
        Span<byte> hash = stackalloc byte[32];
        AwsSigV4Signer.HashPayload(_body, hash);
        _signer.Sign(_request, hash, _credentials, SignedAt);
        return _request.Headers.Authorization?.Parameter ?? string.Empty;
    }
}
