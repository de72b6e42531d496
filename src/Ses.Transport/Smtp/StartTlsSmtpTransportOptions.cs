using Ses.Transport.Smtp.Internal;

namespace Ses.Transport.Smtp;

/// <summary>Settings of <see cref="StartTlsSmtpTransport"/>: SMTP upgraded with STARTTLS (RFC 3207).</summary>
public sealed class StartTlsSmtpTransportOptions : SmtpTransportOptions
{
    /// <summary>Creates the settings with port 587.</summary>
    public StartTlsSmtpTransportOptions()
        : base(SesSmtpEndpoints.StartTlsDefaultPort)
    {
    }

    private protected override SmtpTransportOptions CreateEmpty() => new StartTlsSmtpTransportOptions();

    internal override IReadOnlyList<int> SesPorts => SesSmtpEndpoints.StartTlsPorts;
}
