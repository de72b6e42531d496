using MimeKit;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Ses.Transport.Security.Internal;

namespace Ses.Transport.Security;

/// <summary>
/// Tells whether a message is signed or encrypted, and with what, from its media types alone (no keys, no crypto):
/// the seven types SES documents (<c>application/pkcs7-mime</c>, <c>application/pkcs7-signature</c>,
/// <c>application/x-pkcs7-mime</c>, <c>application/x-pkcs7-signature</c>, <c>application/pgp-encrypted</c>,
/// <c>application/pgp-signature</c>, <c>application/pgp-keys</c>) in their RFC 8551 / RFC 3156 structures.
/// Thread-safe; pure.
/// </summary>
public static class SecureMessageClassifier
{
    // RFC 5652 / RFC 5083 / RFC 3274 content types, for S/MIME parts that omit the smime-type parameter.
    private static readonly DerObjectIdentifier SignedDataOid = CmsObjectIdentifiers.SignedData;
    private static readonly DerObjectIdentifier EnvelopedDataOid = CmsObjectIdentifiers.EnvelopedData;
    private static readonly DerObjectIdentifier AuthEnvelopedDataOid = CmsObjectIdentifiers.AuthEnvelopedData;

    private enum Pkcs7Kind
    {
        Unknown,
        Enveloped,
        Signed,
        CertificatesOnly,
        Compressed,
    }

    /// <summary>Classifies a message's body.</summary>
    /// <param name="message">The message.</param>
    /// <returns>How the body is protected; <see cref="MessageProtectionInfo.Unprotected"/> for plain mail.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    public static MessageProtectionInfo Classify(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Classify(message.Body);
    }

    /// <summary>Classifies a MIME entity (a message body or part).</summary>
    /// <param name="entity">The entity, or <see langword="null"/>.</param>
    /// <returns>How the entity is protected.</returns>
    public static MessageProtectionInfo Classify(MimeEntity? entity)
    {
        ProtectionScheme? signature = null;
        ProtectionScheme? encryption = null;
        var hasKey = false;
        var current = entity;

        // Peel the outer layers: multipart/signed shows its content, encryption and opaque signatures hide theirs.
        while (current is not null)
        {
            var type = current.ContentType;
            if (type.IsMimeType("multipart", "signed"))
            {
                var scheme = SecureMediaTypes.SchemeOfSignature(type.Parameters[SecureMediaTypes.ProtocolParameter])
                    ?? (current is Multipart { Count: >= 2 } parts ? SecureMediaTypes.SchemeOfSignature(parts[1].ContentType.MimeType) : null);
                if (scheme is null)
                {
                    break;
                }

                signature ??= scheme;
                current = current is Multipart { Count: > 0 } signed ? signed[0] : null;
                continue;
            }

            if (type.IsMimeType("multipart", "encrypted"))
            {
                var pgp = SecureMediaTypes.IsPgpEncryptedProtocol(type.Parameters[SecureMediaTypes.ProtocolParameter])
                    || (current is Multipart { Count: > 0 } parts && SecureMediaTypes.IsApplication(parts[0].ContentType, SecureMediaTypes.PgpEncrypted));
                if (pgp)
                {
                    encryption ??= ProtectionScheme.Pgp;
                    current = null;
                }

                break;
            }

            if (SecureMediaTypes.IsApplication(type, SecureMediaTypes.PgpEncrypted))
            {
                encryption ??= ProtectionScheme.Pgp;
                current = null;
                break;
            }

            if (SecureMediaTypes.IsPkcs7Mime(type))
            {
                switch (KindOf(current))
                {
                    case Pkcs7Kind.Enveloped:
                        encryption ??= ProtectionScheme.SMime;
                        current = null;
                        break;
                    case Pkcs7Kind.Signed:
                        signature ??= ProtectionScheme.SMime;
                        current = null;
                        break;
                    case Pkcs7Kind.CertificatesOnly:
                        hasKey = true;
                        current = null;
                        break;
                }
            }

            break;
        }

        return new MessageProtectionInfo(signature, encryption, hasKey || ContainsPublicKey(current));
    }

    private static bool ContainsPublicKey(MimeEntity? entity) => entity switch
    {
        null => false,
        Multipart multipart => multipart.Any(ContainsPublicKey),
        _ when SecureMediaTypes.IsApplication(entity.ContentType, SecureMediaTypes.PgpKeys) => true,
        _ when SecureMediaTypes.IsPkcs7Mime(entity.ContentType) => KindOf(entity) == Pkcs7Kind.CertificatesOnly,
        _ => false,
    };

    private static Pkcs7Kind KindOf(MimeEntity entity)
    {
        // RFC 8551 §3.2.2: the smime-type parameter names the CMS content.
        var smimeType = entity.ContentType.Parameters[SecureMediaTypes.SmimeTypeParameter]?.Trim().ToUpperInvariant();
        switch (smimeType)
        {
            case "ENVELOPED-DATA":
            case "AUTHENVELOPED-DATA":
                return Pkcs7Kind.Enveloped;
            case "SIGNED-DATA":
                return Pkcs7Kind.Signed;
            case "CERTS-ONLY":
                return Pkcs7Kind.CertificatesOnly;
            case "COMPRESSED-DATA":
                return Pkcs7Kind.Compressed;
        }

        // Older senders omit the parameter: read the CMS content type (and, for SignedData, whether it has signers).
        return entity is MimePart part ? Peek(part) : Pkcs7Kind.Unknown;
    }

    private static Pkcs7Kind Peek(MimePart part)
    {
        if (part.Content is null)
        {
            return Pkcs7Kind.Unknown;
        }

        try
        {
            using var buffer = new MemoryStream();
            part.Content.DecodeTo(buffer);
            var info = ContentInfo.GetInstance(Asn1Object.FromByteArray(buffer.ToArray()));
            if (info.ContentType.Equals(EnvelopedDataOid) || info.ContentType.Equals(AuthEnvelopedDataOid))
            {
                return Pkcs7Kind.Enveloped;
            }

            if (info.ContentType.Equals(SignedDataOid))
            {
                return SignedData.GetInstance(info.Content).SignerInfos.Count == 0 ? Pkcs7Kind.CertificatesOnly : Pkcs7Kind.Signed;
            }

            return info.ContentType.Equals(CmsObjectIdentifiers.CompressedData) ? Pkcs7Kind.Compressed : Pkcs7Kind.Unknown;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidCastException or InvalidOperationException or FormatException)
        {
            return Pkcs7Kind.Unknown;
        }
    }
}
