using System.Text;
using Ses.Transport.Credentials;

namespace Ses.Transport.Smtp.Internal;

/// <summary>
/// Removes the SMTP password, in the forms it travels in (plain, base64 for AUTH LOGIN, the base64 AUTH PLAIN token),
/// from text a server sent, so a hostile server cannot echo a secret into an exception or a log line.
/// </summary>
internal sealed class SecretRedactor
{
    private const string Mask = "***";
    private readonly string[] _secrets;

    public SecretRedactor(SesSmtpCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var password = credentials.Password;
        _secrets =
        [
            Convert.ToBase64String(Encoding.UTF8.GetBytes("\0" + credentials.UserName + "\0" + password)),
            Convert.ToBase64String(Encoding.UTF8.GetBytes(password)),
            password,
        ];
    }

    /// <summary>
    /// <paramref name="exception"/> itself, or <see langword="null"/> when its text (messages of the whole chain, which
    /// hold what the server replied) contains a secret, so it cannot become an inner exception that leaks it.
    /// </summary>
    public Exception? SafeInner(Exception? exception)
    {
        if (exception is null)
        {
            return null;
        }

        var text = exception.ToString();
        return _secrets.Any(s => s.Length > 0 && text.Contains(s, StringComparison.Ordinal)) ? null : exception;
    }

    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            if (secret.Length > 0 && text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
