using System.Net.Security;
using System.Security.Authentication;
using Ses.Transport.Policy;

namespace Ses.Transport;

/// <summary>What SES answered for one message, and how it got there.</summary>
public sealed class SendReceipt
{
    /// <summary>The message id SES assigned (<c>250 Ok &lt;id&gt;</c> on SMTP, <c>MessageId</c> on the API).</summary>
    public required string MessageId { get; init; }

    /// <summary>The transport that carried the message.</summary>
    public required SesTransportKind Transport { get; init; }

    /// <summary>The TLS protocol negotiated with SES, or <see cref="SslProtocols.None"/> where the platform does not expose it.</summary>
    public SslProtocols TlsProtocol { get; init; }

    /// <summary>The TLS cipher suite negotiated with SES, where the platform exposes it.</summary>
    public TlsCipherSuite? TlsCipherSuite { get; init; }

    /// <summary>The configuration set the message was sent with, or <see langword="null"/> for none.</summary>
    public string? ConfigurationSet { get; init; }

    /// <summary>Time from the call to the answer, retries included.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>How many attempts the send took (1 when the first one succeeded).</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>
    /// The delivery plan the message was sent under, when a <see cref="PolicyDrivenTransport"/> sent it; <see langword="null"/>
    /// from a transport used directly.
    /// </summary>
    public DeliveryPlan? Plan { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Transport} {MessageId} ({TlsProtocol}{(TlsCipherSuite is { } c ? " " + c : "")}, configuration set {ConfigurationSet ?? "(none)"}, {Elapsed.TotalMilliseconds:0} ms, {Attempts} attempt(s))";
}
