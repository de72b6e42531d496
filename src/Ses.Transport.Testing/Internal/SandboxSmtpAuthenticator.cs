using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using SmtpServer;
using SmtpServer.Authentication;

namespace Ses.Transport.Testing.Internal;

/// <summary>
/// SES's SMTP AUTH: the user name is the access key id, the password the one SES derives from the secret key for
/// the region. Only reached over TLS (see <see cref="StartTlsFirstReader"/> for AUTH before STARTTLS).
/// </summary>
internal sealed class SandboxSmtpAuthenticator(SandboxContext sandbox) : IUserAuthenticator
{
    public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken)
    {
        if (!context.Pipe.IsSecure)
        {
            // Never in clear: the endpoints do not allow it, and this keeps it so if that changes.
            return Task.FromResult(false);
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
