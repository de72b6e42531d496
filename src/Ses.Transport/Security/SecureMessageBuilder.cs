using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Cms;
using Ses.Transport.Diagnostics;
using Ses.Transport.Security.Internal;

namespace Ses.Transport.Security;

/// <summary>
/// Protects a message end to end with S/MIME or PGP/MIME: signs it, encrypts it to every recipient, or both, and can
/// attach the sender's public key. The result is a new <see cref="MimeMessage"/> with the original's headers (From,
/// To, Cc, Bcc, Subject, Date, Message-Id, <c>X-SES-*</c>) and the protected body; SES carries it untouched.
/// </summary>
/// <remarks>
/// <para>
/// Signatures use SHA-256 (or the configured SHA-2 digest); S/MIME signatures carry the signer's certificate chain.
/// Content is encrypted with AES-256 (CBC for S/MIME, the most widely readable mode; AES-256 for OpenPGP instead of
/// MimeKit's CAST5 default). Before signing, the content is re-encoded for 7-bit transport so that no hop (SES adds a
/// DKIM signature) re-encodes it and breaks the signature.
/// </para>
/// <para>
/// Every key is checked before anything is produced: a recipient without a certificate or key, an expired,
/// not-yet-valid, revoked or incapable key, or a signer whose certificate or key lacks the From address fails with a
/// <see cref="SecureMessageException"/> and no partially protected message exists.
/// </para>
/// <para>
/// The input's body entities are reused inside the result, not copied: their Content-Transfer-Encoding may be
/// changed to a 7-bit one (the content is unchanged). Thread-safe: one instance serves concurrent callers. The
/// Subject and other headers stay readable; only the body is protected.
/// </para>
/// </remarks>
public sealed class SecureMessageBuilder : IDisposable
{
    private readonly SmimeKeyMaterial? _smimeSigner;
    private readonly IReadOnlyList<SmimeKeyMaterial> _smimeRecipients;
    private readonly PgpKeyMaterial? _pgpSigner;
    private readonly IReadOnlyList<PgpPublicKeyRing> _pgpRecipients;
    private readonly InMemoryOpenPgpContext _pgp;
    private readonly SmimeSignatureFormat _signatureFormat;
    private readonly SmimeMediaTypes _mediaTypes;
    private readonly DigestAlgorithm _digest;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private int _disposed;

    /// <summary>Creates a builder from the keys and choices in <paramref name="options"/> (copied now).</summary>
    /// <param name="options">Signer and recipient keys, formats.</param>
    /// <param name="timeProvider">The clock that decides whether keys are valid; the default is <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">Where log messages go; the default discards them.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An enum option has an undefined value.</exception>
    /// <exception cref="SecureMessageException">
    /// A signer without its private/secret key (<see cref="SecureMessageFailure.MissingSignerKey"/>), or a recipient
    /// certificate without any email address (<see cref="SecureMessageFailure.AddressMismatch"/>).
    /// </exception>
    public SecureMessageBuilder(SecureMessageBuilderOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        EnsureDefined(options.SmimeSignatureFormat, nameof(options.SmimeSignatureFormat));
        EnsureDefined(options.SmimeMediaTypes, nameof(options.SmimeMediaTypes));
        EnsureDefined(options.DigestAlgorithm, nameof(options.DigestAlgorithm));

        if (options.SmimeSigner is { HasPrivateKey: false } smime)
        {
            throw new SecureMessageException(
                SecureMessageFailure.MissingSignerKey,
                $"The S/MIME signer {smime.Subject} ({smime.Thumbprint}) has no private key.")
            {
                Fingerprint = smime.Thumbprint,
            };
        }

        if (options.PgpSigner is { HasSecretKey: false } pgp)
        {
            throw new SecureMessageException(
                SecureMessageFailure.MissingSignerKey,
                $"The OpenPGP signer key {string.Join(", ", pgp.Fingerprints)} has no secret key.");
        }

        foreach (var recipient in options.SmimeRecipients)
        {
            ArgumentNullException.ThrowIfNull(recipient, nameof(options.SmimeRecipients));
            if (recipient.Addresses.Count == 0)
            {
                throw new SecureMessageException(
                    SecureMessageFailure.AddressMismatch,
                    $"The recipient certificate {recipient.Subject} ({recipient.Thumbprint}) carries no email address, so no recipient can be matched to it.")
                {
                    Fingerprint = recipient.Thumbprint,
                };
            }
        }

        _smimeSigner = options.SmimeSigner;
        _pgpSigner = options.PgpSigner;

        // The sender's own certificate and key count as recipient keys too, for a copy to oneself.
        _smimeRecipients = options.SmimeRecipients.Concat(_smimeSigner is null ? [] : [_smimeSigner]).ToList();
        var pgpMaterials = options.PgpRecipients.Concat(_pgpSigner is null ? [] : [_pgpSigner]).ToList();
        foreach (var material in pgpMaterials)
        {
            ArgumentNullException.ThrowIfNull(material, nameof(options.PgpRecipients));
        }

        _pgpRecipients = pgpMaterials.SelectMany(m => m.PublicRings).ToList();
        _signatureFormat = options.SmimeSignatureFormat;
        _mediaTypes = options.SmimeMediaTypes;
        _digest = options.DigestAlgorithm switch
        {
            SecureDigestAlgorithm.Sha384 => DigestAlgorithm.Sha384,
            SecureDigestAlgorithm.Sha512 => DigestAlgorithm.Sha512,
            _ => DigestAlgorithm.Sha256,
        };
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Ses.Transport.Security");
        _pgp = new InMemoryOpenPgpContext(pgpMaterials, _timeProvider);
    }

    /// <summary>Signs the message with the sender's key.</summary>
    /// <param name="message">The message; its From (or Sender) address must be on the signer's certificate or key.</param>
    /// <param name="scheme">S/MIME or PGP.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A new, signed message.</returns>
    /// <exception cref="SecureMessageException">See <see cref="ProtectAsync"/>.</exception>
    public Task<MimeMessage> SignAsync(MimeMessage message, ProtectionScheme scheme, CancellationToken cancellationToken = default) =>
        ProtectAsync(message, scheme, MessageProtection.Sign, cancellationToken);

    /// <summary>Encrypts the message to every recipient (To, Cc, Bcc).</summary>
    /// <param name="message">The message.</param>
    /// <param name="scheme">S/MIME or PGP.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A new, encrypted message.</returns>
    /// <exception cref="SecureMessageException">See <see cref="ProtectAsync"/>.</exception>
    public Task<MimeMessage> EncryptAsync(MimeMessage message, ProtectionScheme scheme, CancellationToken cancellationToken = default) =>
        ProtectAsync(message, scheme, MessageProtection.Encrypt, cancellationToken);

    /// <summary>Signs the message, then encrypts the signed content to every recipient.</summary>
    /// <param name="message">The message.</param>
    /// <param name="scheme">S/MIME or PGP.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A new, signed and encrypted message.</returns>
    /// <exception cref="SecureMessageException">See <see cref="ProtectAsync"/>.</exception>
    public Task<MimeMessage> SignAndEncryptAsync(MimeMessage message, ProtectionScheme scheme, CancellationToken cancellationToken = default) =>
        ProtectAsync(message, scheme, MessageProtection.SignAndEncrypt, cancellationToken);

    /// <summary>
    /// Protects the message as <paramref name="protection"/> says: any combination of
    /// <see cref="MessageProtection.Sign"/>, <see cref="MessageProtection.Encrypt"/> and
    /// <see cref="MessageProtection.AttachPublicKey"/>.
    /// </summary>
    /// <param name="message">The message; it is not changed except that body parts may get a 7-bit transfer encoding.</param>
    /// <param name="scheme">S/MIME or PGP.</param>
    /// <param name="protection">What to do.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A new message with the original's headers and the protected body.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scheme"/> or <paramref name="protection"/> is not a valid value, or is <see cref="MessageProtection.None"/>.</exception>
    /// <exception cref="ObjectDisposedException">The builder was disposed.</exception>
    /// <exception cref="SecureMessageException">
    /// The message is empty, a recipient has no usable key, the signer's key is missing, invalid, not for the sender's
    /// address or not capable; <see cref="SecureMessageException.Failure"/> says which. Nothing is produced.
    /// </exception>
    public async Task<MimeMessage> ProtectAsync(
        MimeMessage message,
        ProtectionScheme scheme,
        MessageProtection protection,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        EnsureDefined(scheme, nameof(scheme));
        if (protection == MessageProtection.None
            || (protection & ~(MessageProtection.SignAndEncrypt | MessageProtection.AttachPublicKey)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(protection), protection, "Choose Sign, Encrypt, AttachPublicKey or a combination.");
        }

        try
        {
            if (MessageParts.IsEmpty(message.Body))
            {
                throw new SecureMessageException(SecureMessageFailure.EmptyMessage, "The message has no body to protect.");
            }

            var (result, recipients) = scheme == ProtectionScheme.SMime
                ? await ProtectSmimeAsync(message, protection, cancellationToken).ConfigureAwait(false)
                : await ProtectPgpAsync(message, protection, cancellationToken).ConfigureAwait(false);
            Log.MessageProtected(_logger, message.MessageId, scheme, protection, recipients);
            return result;
        }
        catch (SecureMessageException ex)
        {
            Log.ProtectionFailed(_logger, message.MessageId, scheme, protection, ex.Failure, ex.Fingerprint);
            throw;
        }
        catch (Exception ex) when (IsKeyFailure(ex))
        {
            // A key that passed the checks above but that MimeKit/BouncyCastle still cannot use (an algorithm or
            // curve it does not support, for example).
            var failure = new SecureMessageException(
                SecureMessageFailure.KeyNotCapable,
                $"The {scheme} key could not be used to protect the message ({ex.GetType().Name}).",
                ex);
            Log.ProtectionFailed(_logger, message.MessageId, scheme, protection, failure.Failure, null);
            throw failure;
        }
    }

    /// <summary>Releases the in-memory OpenPGP context.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _pgp.Dispose();
        }
    }

    private async Task<(MimeMessage Message, int Recipients)> ProtectSmimeAsync(
        MimeMessage message,
        MessageProtection protection,
        CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var sign = protection.HasFlag(MessageProtection.Sign);
        var encrypt = protection.HasFlag(MessageProtection.Encrypt);
        var attach = protection.HasFlag(MessageProtection.AttachPublicKey);

        // Resolve and check every key before producing anything.
        SmimeKeyMaterial? signer = null;
        if (sign || attach)
        {
            signer = _smimeSigner ?? throw new SecureMessageException(
                SecureMessageFailure.MissingSignerKey,
                "No S/MIME signer certificate is configured (SecureMessageBuilderOptions.SmimeSigner).");
            var address = MessageParts.SignerAddress(message);
            CertificateFacts.EnsureValidAt(signer.Certificate, now, "signer", address);
            if (!CertificateFacts.HasAddress(signer.Addresses, address))
            {
                throw new SecureMessageException(
                    SecureMessageFailure.AddressMismatch,
                    $"The signer certificate {CertificateFacts.Describe(signer.Certificate)} is not issued for the sender address {address}.")
                {
                    Address = address,
                    Fingerprint = signer.Thumbprint,
                };
            }

            if (sign)
            {
                CertificateFacts.EnsureCanSign(signer.Certificate, address);
            }
        }

        var recipients = new CmsRecipientCollection();
        var recipientCount = 0;
        if (encrypt)
        {
            var addresses = MessageParts.RecipientAddresses(message);
            if (addresses.Count == 0)
            {
                throw new SecureMessageException(SecureMessageFailure.NoRecipients, "The message has no To, Cc or Bcc recipient to encrypt to.");
            }

            foreach (var address in addresses)
            {
                var certificate = SelectRecipientCertificate(address, now);
                recipients.Add(new CmsRecipient(certificate.Certificate, SubjectIdentifierType.IssuerAndSerialNumber)
                {
                    // Without known capabilities MimeKit falls back to 3DES; RFC 8551 §2.7 makes AES-256-CBC a MUST.
                    EncryptionAlgorithms = [EncryptionAlgorithm.Aes256],
                });
            }

            recipientCount = addresses.Count;
        }

        var entity = PrepareContent(message.Body!);
        if (attach)
        {
            var certificates = MessageParts.CertificatesOnly(signer!.Chain);
            if (_mediaTypes == SmimeMediaTypes.Legacy)
            {
                MessageParts.UseLegacyMediaTypes(certificates);
            }

            entity = new Multipart("mixed") { entity, certificates };
            entity.Prepare(EncodingConstraint.SevenBit, 78);
        }

        using var context = new InMemorySecureMimeContext();
        if (sign)
        {
            var cmsSigner = new CmsSigner(signer!.Chain, signer.PrivateKey!) { DigestAlgorithm = _digest };
            entity = _signatureFormat == SmimeSignatureFormat.Opaque
                ? await ApplicationPkcs7Mime.SignAsync(context, cmsSigner, entity, cancellationToken).ConfigureAwait(false)
                : await MultipartSigned.CreateAsync(context, cmsSigner, entity, cancellationToken).ConfigureAwait(false);
            if (_mediaTypes == SmimeMediaTypes.Legacy)
            {
                MessageParts.UseLegacyMediaTypes(entity);
            }
        }

        if (encrypt)
        {
            entity = await ApplicationPkcs7Mime.EncryptAsync(context, recipients, entity, cancellationToken).ConfigureAwait(false);
            if (_mediaTypes == SmimeMediaTypes.Legacy)
            {
                MessageParts.UseLegacyMediaTypes(entity);
            }
        }

        return (MessageParts.WithBody(message, entity), recipientCount);
    }

    private SmimeKeyMaterial SelectRecipientCertificate(string address, DateTimeOffset now)
    {
        SecureMessageException? failure = null;
        foreach (var candidate in _smimeRecipients)
        {
            if (!CertificateFacts.HasAddress(candidate.Addresses, address))
            {
                continue;
            }

            try
            {
                CertificateFacts.EnsureValidAt(candidate.Certificate, now, "recipient", address);
                CertificateFacts.EnsureCanEncrypt(candidate.Certificate, address);
                return candidate;
            }
            catch (SecureMessageException ex)
            {
                failure ??= ex;
            }
        }

        throw failure ?? new SecureMessageException(
            SecureMessageFailure.MissingRecipientKey,
            $"No S/MIME certificate is configured for the recipient {address}; nothing was encrypted.")
        {
            Address = address,
        };
    }

    private async Task<(MimeMessage Message, int Recipients)> ProtectPgpAsync(
        MimeMessage message,
        MessageProtection protection,
        CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var sign = protection.HasFlag(MessageProtection.Sign);
        var encrypt = protection.HasFlag(MessageProtection.Encrypt);
        var attach = protection.HasFlag(MessageProtection.AttachPublicKey);

        PgpSecretKey? signingKey = null;
        PgpPublicKeyRing? senderRing = null;
        if (sign || attach)
        {
            var signer = _pgpSigner ?? throw new SecureMessageException(
                SecureMessageFailure.MissingSignerKey,
                "No OpenPGP signer key is configured (SecureMessageBuilderOptions.PgpSigner).");
            var address = MessageParts.SignerAddress(message);
            if (sign)
            {
                signingKey = PgpKeys.SelectSigningKey(signer.SecretRings, address, now);
                senderRing = signer.PublicRings.First(r => r.GetPublicKey(signingKey.KeyId) is not null);
            }
            else
            {
                senderRing = signer.PublicRings.FirstOrDefault(r => PgpKeys.HasAddress(r.GetPublicKey(), address))
                    ?? throw new SecureMessageException(
                        SecureMessageFailure.AddressMismatch,
                        $"No OpenPGP signer key carries the sender address {address} in a user ID.")
                    {
                        Address = address,
                    };
            }
        }

        var recipientKeys = new List<PgpPublicKey>();
        var recipientCount = 0;
        if (encrypt)
        {
            var addresses = MessageParts.RecipientAddresses(message);
            recipientCount = addresses.Count;
            if (addresses.Count == 0)
            {
                throw new SecureMessageException(SecureMessageFailure.NoRecipients, "The message has no To, Cc or Bcc recipient to encrypt to.");
            }

            foreach (var address in addresses)
            {
                var key = PgpKeys.SelectEncryptionKey(_pgpRecipients, address, now);
                if (!recipientKeys.Any(k => k.KeyId == key.KeyId))
                {
                    recipientKeys.Add(key);
                }
            }
        }

        var entity = PrepareContent(message.Body!);
        if (attach)
        {
            // RFC 3156 §7: the public key travels as application/pgp-keys, ASCII-armored.
            var keys = await _pgp.ExportAsync(new PgpPublicKeyRingBundle(new PgpObject[] { senderRing! }), cancellationToken).ConfigureAwait(false);
            entity = new Multipart("mixed") { entity, keys };
            entity.Prepare(EncodingConstraint.SevenBit, 78);
        }

        if (sign && encrypt)
        {
            // RFC 3156 §6.2: one OpenPGP message that is signed and encrypted.
            entity = await MultipartEncrypted.SignAndEncryptAsync(
                _pgp, signingKey!, _digest, EncryptionAlgorithm.Aes256, recipientKeys, entity, cancellationToken).ConfigureAwait(false);
        }
        else if (sign)
        {
            entity = await MultipartSigned.CreateAsync(_pgp, signingKey!, _digest, entity, cancellationToken).ConfigureAwait(false);
        }
        else if (encrypt)
        {
            entity = await MultipartEncrypted.EncryptAsync(_pgp, EncryptionAlgorithm.Aes256, recipientKeys, entity, cancellationToken).ConfigureAwait(false);
        }

        return (MessageParts.WithBody(message, entity), recipientCount);
    }

    // RFC 8551 §3.1.3 / RFC 3156 §3: signed content must survive any transport unchanged, so 8-bit and binary
    // parts are re-encoded (quoted-printable or base64) and long lines wrapped before the signature is made.
    private static MimeEntity PrepareContent(MimeEntity body)
    {
        body.Prepare(EncodingConstraint.SevenBit, 78);
        return body;
    }

    private static bool IsKeyFailure(Exception ex) =>
        ex is CmsException or PgpException or CryptographicException or CertificateNotFoundException
            or PrivateKeyNotFoundException or PublicKeyNotFoundException or Org.BouncyCastle.Security.GeneralSecurityException
            or Org.BouncyCastle.Crypto.CryptoException or NotSupportedException;

    private static void EnsureDefined<TEnum>(TEnum value, string name)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"Not a defined {typeof(TEnum).Name} value.");
        }
    }
}
