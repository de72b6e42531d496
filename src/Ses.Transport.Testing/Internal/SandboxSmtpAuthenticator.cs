using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Protocol;

namespace Ses.Transport.Testing.Internal;

/// <summary>
/// SES's SMTP AUTH: the user name is the access key id, the password the one SES derives from the secret key for
/// the region. Before TLS, SES answers <c>530 Must issue a STARTTLS command first</c>.
/// </summary>
internal sealed class SandboxSmtpAuthenticator(SandboxContext sandbox) : IUserAuthenticator
{
    // SES's reply to AUTH before STARTTLS.
    public const string StartTlsFirst = "Must issue a STARTTLS command first";

    public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken)
    {
        if (!context.Pipe.IsSecure)
        {
            // SmtpServer runs AUTH before TLS only on an endpoint that allows it; the sandbox allows it to answer as SES.
            // SmtpServer appends its ", N retry(ies) remaining." to error replies.
            SandboxLog.SmtpAuthBeforeTls(sandbox.Logger);
            throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)530, StartTlsFirst));
        }

        var expected = sandbox.SmtpCredentials;
        var ok = string.Equals(user, expected.UserName, StringComparison.Ordinal)
            & CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password ?? string.Empty), Encoding.UTF8.GetBytes(expected.Password));
        if (!ok)
        {
            SandboxLog.SmtpAuthRefused(sandbox.Logger, user ?? string.Empty);
        }

        return Task.FromResult(ok);
    }
}
