using System.Net;
using System.Net.Security;
using System.Security.Authentication;

namespace Ses.Transport.Https.Internal;

/// <summary>A successful answer of the SES API.</summary>
/// <param name="StatusCode">The HTTP status (2xx).</param>
/// <param name="Body">The response body (bounded by <see cref="SesApiConnection.MaxResponseBytes"/>).</param>
/// <param name="RequestId">The <c>x-amzn-RequestId</c>, if any.</param>
/// <param name="TlsProtocol">The negotiated TLS protocol, where known.</param>
/// <param name="CipherSuite">The negotiated cipher suite, where known.</param>
internal sealed record SesApiResponse(HttpStatusCode StatusCode, byte[] Body, string? RequestId, SslProtocols TlsProtocol, TlsCipherSuite? CipherSuite);
