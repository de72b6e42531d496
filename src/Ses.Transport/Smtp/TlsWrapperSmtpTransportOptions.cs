using Ses.Transport.Smtp.Internal;

namespace Ses.Transport.Smtp;

/// <summary>Settings of <see cref="TlsWrapperSmtpTransport"/>: SMTP inside TLS from the first byte (implicit TLS).</summary>
public sealed class TlsWrapperSmtpTransportOptions : SmtpTransportOptions
{
    /// <summary>Creates the settings with port 465.</summary>
    public TlsWrapperSmtpTransportOptions()
        : base(SesSmtpEndpoints.TlsWrapperDefaultPort)
    {
    }

    private protected override SmtpTransportOptions CreateEmpty() => new TlsWrapperSmtpTransportOptions();

    internal override IReadOnlyList<int> SesPorts => SesSmtpEndpoints.TlsWrapperPorts;
}
