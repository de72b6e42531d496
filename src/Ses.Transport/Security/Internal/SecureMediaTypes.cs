namespace Ses.Transport.Security.Internal;

/// <summary>
/// The seven media types SES documents for end-to-end protected mail (SES Developer Guide, "Amazon SES and security
/// protocols" / MIME types), and the parameter values that go with them (RFC 8551, RFC 3156).
/// </summary>
internal static class SecureMediaTypes
{
    public const string Pkcs7Mime = "pkcs7-mime";
    public const string Pkcs7Signature = "pkcs7-signature";
    public const string LegacyPkcs7Mime = "x-pkcs7-mime";
    public const string LegacyPkcs7Signature = "x-pkcs7-signature";
    public const string PgpEncrypted = "pgp-encrypted";
    public const string PgpSignature = "pgp-signature";
    public const string PgpKeys = "pgp-keys";

    public const string ProtocolParameter = "protocol";
    public const string SmimeTypeParameter = "smime-type";

    public const string LegacySignatureProtocol = "application/x-pkcs7-signature";

    public static bool IsApplication(MimeKit.ContentType type, string subtype) =>
        type.IsMimeType("application", subtype);

    public static bool IsPkcs7Mime(MimeKit.ContentType type) =>
        IsApplication(type, Pkcs7Mime) || IsApplication(type, LegacyPkcs7Mime);

    public static bool IsPkcs7Signature(MimeKit.ContentType type) =>
        IsApplication(type, Pkcs7Signature) || IsApplication(type, LegacyPkcs7Signature);

    /// <summary>The scheme a <c>multipart/signed</c> protocol parameter or signature media type names, if any.</summary>
    public static ProtectionScheme? SchemeOfSignature(string? mimeType)
    {
        if (mimeType is null)
        {
            return null;
        }

        var value = mimeType.Trim();
        if (value.Equals("application/" + Pkcs7Signature, StringComparison.OrdinalIgnoreCase)
            || value.Equals("application/" + LegacyPkcs7Signature, StringComparison.OrdinalIgnoreCase))
        {
            return ProtectionScheme.SMime;
        }

        return value.Equals("application/" + PgpSignature, StringComparison.OrdinalIgnoreCase) ? ProtectionScheme.Pgp : null;
    }

    public static bool IsPgpEncryptedProtocol(string? protocol) =>
        protocol is not null && protocol.Trim().Equals("application/" + PgpEncrypted, StringComparison.OrdinalIgnoreCase);
}
