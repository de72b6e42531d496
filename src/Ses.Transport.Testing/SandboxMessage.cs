using System.Net.Security;
using System.Security.Authentication;
using MimeKit;
using Ses.Transport.Security;

namespace Ses.Transport.Testing;

/// <summary>
/// A message the sandbox accepted, as SES would have seen it: the raw MIME, how it arrived (transport, TLS), the
/// configuration set and tags it was sent with, and the simulated hop-2 outcome. Immutable.
/// </summary>
public sealed class SandboxMessage
{
    private readonly ReadOnlyMemory<byte> _rawMime;

    internal SandboxMessage(
        string id,
        SesTransportKind transport,
        ReadOnlyMemory<byte> rawMime,
        string? from,
        IReadOnlyList<string> recipients,
        SslProtocols tlsProtocol,
        TlsCipherSuite? tlsCipherSuite,
        string? configurationSet,
        IReadOnlyList<KeyValuePair<string, string>> tags,
        IReadOnlyList<SandboxRecipientOutcome> recipientOutcomes,
        DateTimeOffset receivedAt,
        MessageProtectionInfo protection,
        string? subject)
    {
        Id = id;
        Transport = transport;
        _rawMime = rawMime;
        From = from;
        Recipients = recipients;
        TlsProtocol = tlsProtocol;
        TlsCipherSuite = tlsCipherSuite;
        ConfigurationSet = configurationSet;
        Tags = tags;
        RecipientOutcomes = recipientOutcomes;
        ReceivedAt = receivedAt;
        Protection = protection;
        Subject = subject;

        var worst = recipientOutcomes.Count == 0 ? null : recipientOutcomes.MaxBy(o => o.Outcome);
        Outcome = worst?.Outcome ?? SandboxDeliveryOutcome.Delivered;
        OutcomeReason = worst?.Reason ?? "The message has no recipients.";
    }

    /// <summary>The SES-style message id the sandbox answered with (<c>0100018c...-000000</c>).</summary>
    public string Id { get; }

    /// <summary>The path the message took to the sandbox (hop 1).</summary>
    public SesTransportKind Transport { get; }

    /// <summary>The message exactly as received (the DATA content, the decoded <c>Raw.Data</c>, or the MIME built from <c>Simple</c> content).</summary>
    public ReadOnlyMemory<byte> RawMime => _rawMime;

    /// <summary>The envelope sender (<c>MAIL FROM</c>, or the API's <c>FromEmailAddress</c> / the From header).</summary>
    public string? From { get; }

    /// <summary>The envelope recipients (<c>RCPT TO</c>, or the API's destination / the message's To, Cc and Bcc).</summary>
    public IReadOnlyList<string> Recipients { get; }

    /// <summary>The TLS protocol the client negotiated.</summary>
    public SslProtocols TlsProtocol { get; }

    /// <summary>The TLS cipher suite the client negotiated.</summary>
    public TlsCipherSuite? TlsCipherSuite { get; }

    /// <summary>The configuration set (API <c>ConfigurationSetName</c>, else the <c>X-SES-CONFIGURATION-SET</c> header), or <see langword="null"/>.</summary>
    public string? ConfigurationSet { get; }

    /// <summary>The message tags (API <c>EmailTags</c> and the <c>X-SES-MESSAGE-TAGS</c> header).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; }

    /// <summary>
    /// The simulated hop-2 outcome of the whole message: the worst of <see cref="RecipientOutcomes"/>
    /// (<see cref="SandboxDeliveryOutcome.Dropped"/> over <see cref="SandboxDeliveryOutcome.DeliveredWithoutTls"/> over
    /// <see cref="SandboxDeliveryOutcome.Delivered"/>).
    /// </summary>
    public SandboxDeliveryOutcome Outcome { get; }

    /// <summary>Why <see cref="Outcome"/> is what it is (the reason of the worst recipient).</summary>
    public string OutcomeReason { get; }

    /// <summary>The simulated hop-2 outcome per recipient, in envelope order.</summary>
    public IReadOnlyList<SandboxRecipientOutcome> RecipientOutcomes { get; }

    /// <summary>When the sandbox accepted the message, by the sandbox's <see cref="SesSandboxOptions.TimeProvider"/>.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>How the message is signed or encrypted (S/MIME or PGP), read with <see cref="SecureMessageClassifier"/>.</summary>
    public MessageProtectionInfo Protection { get; }

    /// <summary>The message's Subject header (decoded), or <see langword="null"/>.</summary>
    public string? Subject { get; }

    /// <summary>Parses <see cref="RawMime"/> into a new <see cref="MimeMessage"/> (each call returns a fresh copy).</summary>
    /// <returns>The parsed message.</returns>
    /// <exception cref="FormatException">The raw bytes are not a MIME message (the sandbox checked them on receipt, so this does not happen for recorded messages).</exception>
    public MimeMessage Parse()
    {
        using var stream = new MemoryStream(_rawMime.ToArray(), writable: false);
        return MimeMessage.Load(stream);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Transport} {Id} ({TlsProtocol}, configuration set {ConfigurationSet ?? "(none)"}, {Outcome})";
}
