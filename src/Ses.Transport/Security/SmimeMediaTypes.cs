namespace Ses.Transport.Security;

/// <summary>Which media type names the S/MIME parts carry; the bytes inside are the same.</summary>
public enum SmimeMediaTypes
{
    /// <summary><c>application/pkcs7-mime</c> and <c>application/pkcs7-signature</c> (RFC 8551). The default.</summary>
    Standard = 0,

    /// <summary>
    /// <c>application/x-pkcs7-mime</c> and <c>application/x-pkcs7-signature</c>, for old clients that know only the
    /// pre-standard names (RFC 8551 §3.7 asks receivers to accept both).
    /// </summary>
    Legacy = 1,
}
