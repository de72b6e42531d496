using System.Net.Security;
using System.Security.Authentication;

namespace Ses.Transport.Internal;

/// <summary>What one successful attempt of a transport produced.</summary>
/// <param name="MessageId">The SES message id.</param>
/// <param name="TlsProtocol">The negotiated TLS protocol, where known.</param>
/// <param name="CipherSuite">The negotiated cipher suite, where known.</param>
/// <param name="EncodedBytes">The size of the message as sent.</param>
internal readonly record struct AttemptResult(string MessageId, SslProtocols TlsProtocol, TlsCipherSuite? CipherSuite, long EncodedBytes);
