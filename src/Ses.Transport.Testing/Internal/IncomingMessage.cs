using System.Net.Security;
using System.Security.Authentication;
using MimeKit;

namespace Ses.Transport.Testing.Internal;

/// <summary>A message as a listener received it, before the sandbox applies SES's rules and records it.</summary>
internal sealed record IncomingMessage(
    SesTransportKind Transport,
    ReadOnlyMemory<byte> RawMime,
    MimeMessage Message,
    string? EnvelopeFrom,
    IReadOnlyList<string> Recipients,
    SslProtocols TlsProtocol,
    TlsCipherSuite? TlsCipherSuite,
    string? ConfigurationSetName,
    IReadOnlyList<KeyValuePair<string, string>> Tags);
