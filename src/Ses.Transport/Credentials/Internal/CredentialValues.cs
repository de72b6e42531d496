namespace Ses.Transport.Credentials.Internal;

/// <summary>Checks credential values before they are used in signatures and HTTP headers.</summary>
internal static class CredentialValues
{
    /// <summary>
    /// Builds credentials, refusing values with whitespace or control characters: such a value is a broken
    /// file or a header-injection attempt, and the message names only the field, never the value.
    /// </summary>
    public static AwsCredentials Create(string accessKeyId, string secretAccessKey, string? sessionToken, DateTimeOffset? expiration, string origin)
    {
        Check(accessKeyId, "access key id", origin);
        Check(secretAccessKey, "secret access key", origin);
        if (!string.IsNullOrEmpty(sessionToken))
        {
            Check(sessionToken, "session token", origin);
        }

        return new AwsCredentials(accessKeyId, secretAccessKey, sessionToken, expiration);
    }

    /// <summary>Whether <paramref name="value"/> can travel in an HTTP header unchanged (printable ASCII, no spaces).</summary>
    public static bool IsHeaderSafe(string value)
    {
        foreach (var c in value)
        {
            if (c is <= ' ' or >= '\u007f')
            {
                return false;
            }
        }

        return value.Length > 0;
    }

    /// <summary>Whether <paramref name="value"/> is a non-empty printable-ASCII header value (spaces allowed, no control characters).</summary>
    public static bool IsPrintableAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or >= '\u007f')
            {
                return false;
            }
        }

        return value.Length > 0;
    }

    private static void Check(string value, string field, string origin)
    {
        if (!IsHeaderSafe(value))
        {
            throw new AwsCredentialsException($"The {field} from {origin} is malformed (empty, or contains whitespace, control or non-ASCII characters).");
        }
    }
}
