using System.Security.Cryptography;
using System.Text;

namespace Ses.Transport.Credentials;

/// <summary>
/// The user name and password for the SES SMTP interface. <see cref="ToString"/> never shows the password.
/// </summary>
public sealed class SesSmtpCredentials
{
    // SES Developer Guide, "Obtaining Amazon SES SMTP credentials": the SMTP password is a SigV4-style HMAC chain
    // over the fixed date "11111111", the region, "ses", "aws4_request" and the message "SendRawEmail",
    // prefixed with the version byte 0x04 and base64-encoded.
    private const string FixedDate = "11111111";
    private const string Service = "ses";
    private const string Terminal = "aws4_request";
    private const string Message = "SendRawEmail";
    private const byte Version = 0x04;

    /// <summary>Creates credentials from an SMTP user name and password.</summary>
    /// <param name="userName">The SMTP user name (for SES, the IAM access key id).</param>
    /// <param name="password">The SMTP password.</param>
    /// <exception cref="ArgumentException">A value is empty.</exception>
    public SesSmtpCredentials(string userName, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentException.ThrowIfNullOrEmpty(password);
        UserName = userName;
        Password = password;
    }

    /// <summary>The SMTP user name.</summary>
    public string UserName { get; }

    /// <summary>The SMTP password. Never logged.</summary>
    public string Password { get; }

    /// <summary>
    /// Derives the SES SMTP password from an IAM secret access key, as SES documents it. The user name is the
    /// access key id.
    /// </summary>
    /// <param name="accessKeyId">The IAM access key id (the SMTP user name).</param>
    /// <param name="secretAccessKey">The IAM secret access key.</param>
    /// <param name="region">The SES region, for example <c>eu-central-1</c>; the password is valid only there.</param>
    /// <returns>The SMTP credentials.</returns>
    /// <exception cref="ArgumentException">A value is empty.</exception>
    public static SesSmtpCredentials FromSecretAccessKey(string accessKeyId, string secretAccessKey, string region)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentException.ThrowIfNullOrEmpty(secretAccessKey);
        ArgumentException.ThrowIfNullOrEmpty(region);
        return new SesSmtpCredentials(accessKeyId, DerivePassword(secretAccessKey, region));
    }

    /// <summary>Derives the SES SMTP password for <paramref name="region"/> from <paramref name="secretAccessKey"/>.</summary>
    /// <param name="secretAccessKey">The IAM secret access key.</param>
    /// <param name="region">The SES region.</param>
    /// <returns>The base64 SMTP password.</returns>
    public static string DerivePassword(string secretAccessKey, string region)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretAccessKey);
        ArgumentException.ThrowIfNullOrEmpty(region);

        Span<byte> key = stackalloc byte[32];
        var secret = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
        try
        {
            HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(FixedDate), key);
            HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region), key);
            HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Service), key);
            HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Terminal), key);

            Span<byte> signature = stackalloc byte[33];
            signature[0] = Version;
            HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Message), signature[1..]);
            return Convert.ToBase64String(signature);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"SesSmtpCredentials {{ UserName = {UserName}, Password = *** }}";
}
