namespace Ses.Transport.Security;

/// <summary>How an S/MIME signature is carried.</summary>
public enum SmimeSignatureFormat
{
    /// <summary>
    /// <c>multipart/signed</c> with an <c>application/pkcs7-signature</c> part (RFC 8551 §3.5.3): the content stays
    /// readable by clients without S/MIME; Outlook and Thunderbird verify it. The default.
    /// </summary>
    Detached = 0,

    /// <summary>
    /// <c>application/pkcs7-mime; smime-type=signed-data</c> (RFC 8551 §3.5.2): the content is inside the signature,
    /// so no gateway can re-encode it, but clients without S/MIME cannot show it.
    /// </summary>
    Opaque = 1,
}
