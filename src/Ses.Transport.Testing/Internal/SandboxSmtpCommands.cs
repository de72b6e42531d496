using SmtpServer;
using SmtpServer.Protocol;

namespace Ses.Transport.Testing.Internal;

/// <summary>Makes EHLO answer like SES.</summary>
internal sealed class SandboxSmtpCommandFactory(SandboxFaults faults, int maxMessageSize) : SmtpCommandFactory
{
    public override SmtpCommand CreateEhlo(string domainOrAddress) => new SesEhloCommand(domainOrAddress, faults, maxMessageSize);
}

/// <summary>
/// SES's EHLO extensions (SES Developer Guide, "Connecting to an Amazon SES SMTP endpoint"): <c>8BITMIME</c>,
/// <c>SIZE</c>, <c>STARTTLS</c> before TLS, <c>AUTH PLAIN LOGIN</c> after it; no <c>PIPELINING</c> (SmtpServer would
/// offer it, and <c>SMTPUTF8</c>).
/// </summary>
internal sealed class SesEhloCommand(string domainOrAddress, SandboxFaults faults, int maxMessageSize) : EhloCommand(domainOrAddress)
{
    protected override string GetGreeting(ISessionContext context) => $"{context.ServerOptions.ServerName} Hello {DomainOrAddress}";

    protected override IEnumerable<string> GetExtensions(ISessionContext context)
    {
        yield return "8BITMIME";
        yield return "SIZE " + maxMessageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!context.Pipe.IsSecure)
        {
            if (faults.StartTlsAdvertised)
            {
                yield return "STARTTLS";
            }
        }
        else
        {
            yield return "AUTH PLAIN LOGIN";
        }
    }
}
