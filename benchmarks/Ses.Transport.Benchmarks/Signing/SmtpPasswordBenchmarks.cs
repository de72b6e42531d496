using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Ses.Transport.Credentials;

namespace Ses.Transport.Benchmarks.Signing;

/// <summary>
/// Deriving the SES SMTP password from a secret access key. Baseline: the straightforward form of the documented
/// algorithm (a new HMACSHA256 per step, byte arrays, array concatenation), as SES's own example code does it.
/// </summary>
[MemoryDiagnoser]
public class SmtpPasswordBenchmarks
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string Region = "eu-central-1";

    [Benchmark(Baseline = true)]
    public string Straightforward()
    {
        static byte[] Sign(byte[] key, string message)
        {
            using var hmac = new HMACSHA256(key);
            return hmac.ComputeHash(Encoding.UTF8.GetBytes(message));
        }

        var signature = Sign(Encoding.UTF8.GetBytes("AWS4" + Secret), "11111111");
        signature = Sign(signature, Region);
        signature = Sign(signature, "ses");
        signature = Sign(signature, "aws4_request");
        signature = Sign(signature, "SendRawEmail");
        return Convert.ToBase64String([0x04, .. signature]);
    }

    [Benchmark]
    public string SesTransport() => SesSmtpCredentials.DerivePassword(Secret, Region);
}
