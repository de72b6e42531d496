using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Ses.Transport.Testing.Internal;

/// <summary>The server side of TLS for all three listeners: protocols from the options, certificate and protocols bent by faults.</summary>
internal sealed class SandboxTls(SandboxCertificates certificates, SandboxFaults faults, MinimumTlsVersion minimum)
{
    public X509Certificate2 CurrentCertificate => faults.Certificate switch
    {
        SandboxFaults.CertificateFault.Untrusted => certificates.Untrusted,
        SandboxFaults.CertificateFault.WrongHost => certificates.WrongHost,
        _ => certificates.Server,
    };

    public SslProtocols CurrentProtocols
    {
        get
        {
            if (faults.OnlyTls11Offered)
            {
#pragma warning disable SYSLIB0039 // TLS 1.1 is offered on purpose: the fault simulates an outdated server.
                return SslProtocols.Tls11;
#pragma warning restore SYSLIB0039
            }

            return minimum == MinimumTlsVersion.Tls13 ? SslProtocols.Tls13 : SslProtocols.Tls12 | SslProtocols.Tls13;
        }
    }

    public SslServerAuthenticationOptions CreateServerOptions() => new()
    {
        ServerCertificate = CurrentCertificate,
        EnabledSslProtocols = CurrentProtocols,
        ClientCertificateRequired = false,
        AllowRenegotiation = false,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };
}
