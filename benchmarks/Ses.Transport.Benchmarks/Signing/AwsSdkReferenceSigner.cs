using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace Ses.Transport.Benchmarks.Signing;

/// <summary>The SigV4 signer of the official AWS SDK for .NET (AWSSDK.Core), driven standalone as a baseline.</summary>
internal sealed class AwsSdkReferenceSigner
{
    private readonly AWS4Signer _signer = new();
    private readonly BenchmarkClientConfig _config;

    public AwsSdkReferenceSigner(string region)
    {
        _config = new BenchmarkClientConfig { AuthenticationRegion = region, ServiceURL = $"https://email.{region}.amazonaws.com" };
    }

    public string Sign(byte[] body, string accessKeyId, string secretAccessKey, DateTime signedAt)
    {
        var request = new DefaultRequest(new BenchmarkRequest(), "SimpleEmailServiceV2")
        {
            HttpMethod = "POST",
            ResourcePath = "/v2/email/outbound-emails",
            Endpoint = new Uri("https://email.eu-west-1.amazonaws.com"),
            AuthenticationRegion = _config.AuthenticationRegion,
            OverrideSigningServiceName = "ses",
            Content = body,
        };
        request.Headers["Content-Type"] = "application/json";
        var result = _signer.SignRequest(request, _config, null, accessKeyId, secretAccessKey, signedAt);
        return result.ForAuthorizationHeader;
    }

    private sealed class BenchmarkRequest : AmazonWebServiceRequest;

    private sealed class BenchmarkClientConfig : ClientConfig
    {
        public BenchmarkClientConfig()
            : base(null)
        {
        }

        public override string RegionEndpointServiceName => "email";

        public override string ServiceVersion => "2019-09-27";

        public override string UserAgent => "benchmark";

        public override Amazon.Runtime.Endpoints.Endpoint DetermineServiceOperationEndpoint(Amazon.Runtime.Endpoints.ServiceOperationEndpointParameters parameters) =>
            new("https://email.eu-west-1.amazonaws.com");
    }
}
