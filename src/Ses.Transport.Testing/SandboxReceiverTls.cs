namespace Ses.Transport.Testing;

/// <summary>Whether a simulated receiving mail server (hop 2, SES → receiver) accepts TLS.</summary>
public enum SandboxReceiverTls
{
    /// <summary>The receiver offers STARTTLS; SES delivers over TLS. The default for every domain.</summary>
    Supported = 0,

    /// <summary>The receiver offers no TLS; SES drops the message under <c>TlsPolicy=REQUIRE</c>, or delivers it in clear under <c>OPTIONAL</c>.</summary>
    NotSupported = 1,
}
