using System.Net.Security;
using System.Security.Authentication;

namespace Ses.Transport.Https.Internal;

/// <summary>
/// What the certificate-validation callback of a handler built by <see cref="SesHttpHandler"/> saw last: the
/// negotiated protocol and cipher suite of the latest successful handshake, and why the latest refused certificate
/// was refused. <see cref="SocketsHttpHandler"/> does not say which pooled connection served a response, so the
/// receipt reports the latest handshake on this handler: every connection goes to the same endpoint with the same
/// TLS settings, so in practice they agree.
/// </summary>
internal sealed class HttpsTlsState
{
    private sealed record Negotiated(SslProtocols Protocol, TlsCipherSuite? CipherSuite);

    private Negotiated? _negotiated;
    private int _lastFailure = -1;

    /// <summary>The protocol of the latest successful handshake, or <see cref="SslProtocols.None"/> before any.</summary>
    public SslProtocols Protocol => Volatile.Read(ref _negotiated)?.Protocol ?? SslProtocols.None;

    /// <summary>The cipher suite of the latest successful handshake, where the platform exposes it.</summary>
    public TlsCipherSuite? CipherSuite => Volatile.Read(ref _negotiated)?.CipherSuite;

    /// <summary>Why the latest certificate was refused, forgotten once read; <see langword="null"/> when none was.</summary>
    public TlsFailure? TakeCertificateFailure()
    {
        var failure = Interlocked.Exchange(ref _lastFailure, -1);
        return failure < 0 ? null : (TlsFailure)failure;
    }

    /// <summary>Records the parameters of an accepted handshake, read from the <see cref="SslStream"/> being validated.</summary>
    public void RecordAccepted(object? sender)
    {
        if (sender is not SslStream stream)
        {
            return;
        }

        try
        {
            TlsCipherSuite? cipher = stream.NegotiatedCipherSuite;
            Volatile.Write(ref _negotiated, new Negotiated(stream.SslProtocol, cipher == default ? null : cipher));
        }
        catch (InvalidOperationException)
        {
            // Not yet available on this platform at validation time; the receipt then says None.
        }
    }

    /// <summary>Records why a certificate was refused.</summary>
    public void RecordRefused(TlsFailure failure) => Interlocked.Exchange(ref _lastFailure, (int)failure);
}
