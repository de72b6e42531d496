using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Utilities.Collections;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ses.Transport.Security.Internal;

/// <summary>Building blocks shared by the builder and the reader: message copies, addresses, empty bodies, media type names.</summary>
internal static class MessageParts
{
    /// <summary>
    /// A new message with every header of <paramref name="source"/> (From, To, Cc, Bcc, Subject, Date, Message-Id,
    /// <c>X-SES-*</c>, ...) except the MIME headers, which belong to the new <paramref name="body"/>.
    /// </summary>
    public static MimeMessage WithBody(MimeMessage source, MimeEntity body)
    {
        var result = new MimeMessage();
        result.Headers.Clear();
        foreach (var header in source.Headers)
        {
            if (header.Id == HeaderId.MimeVersion || header.Field.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            result.Headers.Add(header.Clone());
        }

        result.Body = body;
        return result;
    }

    /// <summary>
    /// The address a signer must prove: the Sender when there is one (RFC 5322 §3.6.2, the mailbox that sent it),
    /// else the first From mailbox. RFC 8550 §3 asks receivers to compare it with the certificate.
    /// </summary>
    public static string SignerAddress(MimeMessage message) =>
        message.Sender?.Address
        ?? message.From.Mailboxes.FirstOrDefault()?.Address
        ?? throw new SecureMessageException(
            SecureMessageFailure.AddressMismatch,
            "The message has no From (or Sender) address to match the signer's certificate or key.");

    /// <summary>The distinct To, Cc and Bcc addresses (groups expanded).</summary>
    public static IReadOnlyList<string> RecipientAddresses(MimeMessage message) =>
        message.GetRecipients(onlyUnique: true).Select(m => m.Address).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Whether an entity has no content at all (no body, no parts, or only empty parts).</summary>
    public static bool IsEmpty(MimeEntity? entity) => entity switch
    {
        null => true,
        Multipart multipart => multipart.Count == 0 || multipart.All(IsEmpty),
        MessagePart part => part.Message is null,
        MimePart part => part.Content?.Stream is not { } stream || (stream.CanSeek && stream.Length == 0),
        _ => false,
    };

    /// <summary>
    /// Renames the S/MIME media types of <paramref name="entity"/> itself (a <c>multipart/signed</c> and its signature
    /// part, or an <c>application/pkcs7-mime</c> part) to the <c>x-</c> names old clients expect. Signed content is
    /// never touched: the bytes inside stay the same.
    /// </summary>
    public static void UseLegacyMediaTypes(MimeEntity entity)
    {
        switch (entity)
        {
            case MultipartSigned signed
                when SecureMediaTypes.SchemeOfSignature(signed.ContentType.Parameters[SecureMediaTypes.ProtocolParameter]) == ProtectionScheme.SMime:
                signed.ContentType.Parameters[SecureMediaTypes.ProtocolParameter] = SecureMediaTypes.LegacySignatureProtocol;
                foreach (var part in signed.OfType<ApplicationPkcs7Signature>())
                {
                    part.ContentType.MediaSubtype = SecureMediaTypes.LegacyPkcs7Signature;
                }

                break;
            case ApplicationPkcs7Mime pkcs7:
                pkcs7.ContentType.MediaSubtype = SecureMediaTypes.LegacyPkcs7Mime;
                break;
        }
    }

    /// <summary>
    /// An <c>application/pkcs7-mime; smime-type=certs-only</c> part (RFC 8551 §3.6) carrying a certificate chain:
    /// a CMS SignedData without signers, made by BouncyCastle.
    /// </summary>
    public static ApplicationPkcs7Mime CertificatesOnly(IReadOnlyList<BcCertificate> chain)
    {
        var generator = new CmsSignedDataGenerator();
        generator.AddCertificates(CollectionUtilities.CreateStore(chain));
        var signedData = generator.Generate(new CmsProcessableByteArray([]), encapsulate: false);
        return new ApplicationPkcs7Mime(SecureMimeType.CertsOnly, new MemoryStream(signedData.GetEncoded(), writable: false));
    }
}
