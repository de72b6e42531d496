using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Cms;
using Ses.Transport.Diagnostics;
using Ses.Transport.Security.Internal;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ses.Transport.Security;

/// <summary>
/// Opens S/MIME and PGP/MIME messages: decrypts them with the configured private keys and checks their signatures,
/// reporting who signed, whether each signature is valid and whether the signer is trusted. Reads the standard and
/// the <c>x-</c> S/MIME media types, detached (<c>multipart/signed</c>) and opaque (<c>signed-data</c>) signatures,
/// and nested layers (signed then encrypted). Thread-safe: one instance serves concurrent callers.
/// </summary>
/// <remarks>
/// An invalid signature is reported in the result (<see cref="SecureMessageSignature.Status"/>), not thrown: the
/// caller decides what to do with a message whose signature does not hold. Data that cannot be decrypted or whose
/// signature cannot be parsed at all is a <see cref="SecureMessageException"/>. S/MIME revocation lists are not
/// fetched.
/// </remarks>
public sealed class SecureMessageReader : IDisposable
{
    // Protection layers are peeled one at a time; real mail has two (signed inside encrypted). The bound stops a
    // crafted message from nesting without end.
    private const int MaxLayers = 8;

    private readonly IReadOnlyList<SmimeKeyMaterial> _smimeKeys;
    private readonly IReadOnlyList<BcCertificate> _anchors;
    private readonly InMemoryOpenPgpContext _pgp;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private int _disposed;

    /// <summary>Creates a reader from the keys and trust anchors in <paramref name="options"/> (copied now).</summary>
    /// <param name="options">Private keys for decryption, public keys and trust anchors for verification.</param>
    /// <param name="timeProvider">The clock that decides whether PGP signing keys are still valid; the default is <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">Where log messages go; the default discards them.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public SecureMessageReader(SecureMessageReaderOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _smimeKeys = options.SmimeKeys.ToList();
        _anchors = options.SmimeTrustAnchors.Select(c => c.AsBouncyCastleCertificate()).ToList();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Ses.Transport.Security");
        _pgp = new InMemoryOpenPgpContext(options.PgpKeys.ToList(), _timeProvider);
    }

    /// <summary>Decrypts and verifies <paramref name="message"/>, layer by layer.</summary>
    /// <param name="message">The received message.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The plain content, the signatures found and the encryption used.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    /// <exception cref="SecureMessageException">
    /// <see cref="SecureMessageFailure.EmptyMessage"/> (no body), <see cref="SecureMessageFailure.DecryptionFailed"/>
    /// (no matching private key, damaged data), <see cref="SecureMessageFailure.VerificationFailed"/> (a signature
    /// that cannot be parsed).
    /// </exception>
    public async Task<SecureMessageReadResult> ReadAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        try
        {
            var entity = message.Body ?? throw new SecureMessageException(SecureMessageFailure.EmptyMessage, "The message has no body to read.");
            var sender = TrySignerAddress(message);
            ProtectionScheme? encryption = null;
            var signatures = new List<SecureMessageSignature>();

            for (var layer = 0; layer < MaxLayers; layer++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                MimeEntity? next;
                switch (entity)
                {
                    case MultipartEncrypted encrypted when SecureMediaTypes.IsPgpEncryptedProtocol(encrypted.ContentType.Parameters[SecureMediaTypes.ProtocolParameter]):
                        encryption ??= ProtectionScheme.Pgp;
                        next = DecryptPgp(encrypted, sender, signatures, cancellationToken);
                        break;
                    case ApplicationPkcs7Mime pkcs7 when pkcs7.SecureMimeType is SecureMimeType.EnvelopedData or SecureMimeType.AuthEnvelopedData:
                        encryption ??= ProtectionScheme.SMime;
                        next = await DecryptSmimeAsync(pkcs7, cancellationToken).ConfigureAwait(false);
                        break;
                    case ApplicationPkcs7Mime pkcs7 when pkcs7.SecureMimeType == SecureMimeType.SignedData:
                        next = VerifyOpaque(pkcs7, sender, signatures, cancellationToken);
                        break;
                    case ApplicationPkcs7Mime pkcs7 when pkcs7.SecureMimeType == SecureMimeType.CompressedData:
                        using (var context = CreateSmimeContext())
                        {
                            next = await pkcs7.DecompressAsync(context, cancellationToken).ConfigureAwait(false);
                        }

                        break;
                    case MultipartSigned signed when signed.Count >= 2:
                        next = await VerifyDetachedAsync(signed, sender, signatures, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        next = null;
                        break;
                }

                if (next is null)
                {
                    break;
                }

                entity = next;
            }

            var result = new SecureMessageReadResult(entity, encryption, signatures);
            Log.MessageRead(_logger, message.MessageId, encryption, signatures.Count, result.IsSignatureValid, result.IsTrusted);
            return result;
        }
        catch (SecureMessageException ex)
        {
            Log.ReadFailed(_logger, message.MessageId, ex.Failure);
            throw;
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

    private static string? TrySignerAddress(MimeMessage message) =>
        message.Sender?.Address ?? message.From.Mailboxes.FirstOrDefault()?.Address;

    private static bool IsCryptoFailure(Exception ex) =>
        ex is CmsException or PgpException or CryptographicException or IOException or FormatException or ParseException
            or ArgumentException or InvalidOperationException or InvalidCastException or NotSupportedException
            or DigitalSignatureVerifyException or Org.BouncyCastle.Security.GeneralSecurityException
            or Org.BouncyCastle.Crypto.CryptoException;

    private InMemorySecureMimeContext CreateSmimeContext() => new(_smimeKeys, _anchors);

    private async Task<MimeEntity> DecryptSmimeAsync(ApplicationPkcs7Mime pkcs7, CancellationToken cancellationToken)
    {
        using var context = CreateSmimeContext();
        try
        {
            return await pkcs7.DecryptAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCryptoFailure(ex))
        {
            throw new SecureMessageException(
                SecureMessageFailure.DecryptionFailed,
                $"The S/MIME message cannot be decrypted: no configured private key matches a recipient, or the data is damaged ({ex.GetType().Name}).",
                ex);
        }
    }

    private MimeEntity DecryptPgp(MultipartEncrypted encrypted, string? sender, List<SecureMessageSignature> signatures, CancellationToken cancellationToken)
    {
        MimeEntity content;
        DigitalSignatureCollection? found;
        try
        {
            content = encrypted.Decrypt(_pgp, out found, cancellationToken);
        }
        catch (Exception ex) when (IsCryptoFailure(ex))
        {
            throw new SecureMessageException(
                SecureMessageFailure.DecryptionFailed,
                $"The PGP/MIME message cannot be decrypted: no configured secret key matches a recipient, or the data is damaged ({ex.GetType().Name}).",
                ex);
        }

        if (found is not null)
        {
            signatures.AddRange(found.Select(s => Describe(s, sender)));
        }

        return content;
    }

    private MimeEntity VerifyOpaque(ApplicationPkcs7Mime pkcs7, string? sender, List<SecureMessageSignature> signatures, CancellationToken cancellationToken)
    {
        using var context = CreateSmimeContext();
        MimeEntity content;
        DigitalSignatureCollection found;
        try
        {
            found = pkcs7.Verify(context, out content, cancellationToken);
        }
        catch (Exception ex) when (IsCryptoFailure(ex))
        {
            throw new SecureMessageException(
                SecureMessageFailure.VerificationFailed,
                $"The S/MIME signed-data cannot be read ({ex.GetType().Name}).",
                ex);
        }

        signatures.AddRange(found.Select(s => Describe(s, sender)));
        return content;
    }

    private async Task<MimeEntity> VerifyDetachedAsync(MultipartSigned signed, string? sender, List<SecureMessageSignature> signatures, CancellationToken cancellationToken)
    {
        var protocol = signed.ContentType.Parameters[SecureMediaTypes.ProtocolParameter];
        var scheme = SecureMediaTypes.SchemeOfSignature(protocol) ?? SecureMediaTypes.SchemeOfSignature(signed[1].ContentType.MimeType);
        if (scheme is null)
        {
            throw new SecureMessageException(
                SecureMessageFailure.VerificationFailed,
                $"The multipart/signed protocol '{protocol}' is neither S/MIME nor PGP.");
        }

        DigitalSignatureCollection found;
        try
        {
            if (scheme == ProtectionScheme.Pgp)
            {
                found = await signed.VerifyAsync(_pgp, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                using var context = CreateSmimeContext();
                found = await signed.VerifyAsync(context, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (IsCryptoFailure(ex))
        {
            throw new SecureMessageException(
                SecureMessageFailure.VerificationFailed,
                $"The {scheme} signature cannot be read ({ex.GetType().Name}).",
                ex);
        }

        signatures.AddRange(found.Select(s => Describe(s, sender)));
        return signed[0];
    }

    private SecureMessageSignature Describe(IDigitalSignature signature, string? sender) => signature switch
    {
        SecureMimeDigitalSignature smime => DescribeSmime(smime, sender),
        OpenPgpDigitalSignature pgp => DescribePgp(pgp, sender),
        _ => new SecureMessageSignature(ProtectionScheme.SMime, SignatureStatus.Invalid, false, null, null, null, null, false),
    };

    private static SecureMessageSignature DescribeSmime(SecureMimeDigitalSignature signature, string? sender)
    {
        var status = Check(signature, () => signature.Verify(verifySignatureOnly: true));
        var certificate = (signature.SignerCertificate as SecureMimeDigitalCertificate)?.Certificate;
        var addresses = certificate is null ? [] : CertificateFacts.Addresses(certificate);

        // MimeKit builds the chain (with the configured anchors only) while verifying; a failure is in ChainException.
        // PKIX does not look at the purpose, so a certificate not meant for email (RFC 8550 §4.4) is not trusted either.
        var trusted = status == SignatureStatus.Valid && signature.ChainException is null && signature.Chain is not null
            && certificate is not null && CertificateFacts.AllowsSigning(certificate);
        return new SecureMessageSignature(
            ProtectionScheme.SMime,
            status,
            trusted,
            addresses.FirstOrDefault(),
            signature.SignerCertificate?.Name,
            certificate is null ? null : CertificateFacts.Thumbprint(certificate),
            SignedAt(signature.CreationDate),
            sender is not null && CertificateFacts.HasAddress(addresses, sender));
    }

    private SecureMessageSignature DescribePgp(OpenPgpDigitalSignature signature, string? sender)
    {
        var status = Check(signature, () => signature.Verify(verifySignatureOnly: true));
        var certificate = signature.SignerCertificate as OpenPgpDigitalCertificate;
        var trusted = false;
        var matches = false;
        if (certificate is not null)
        {
            var master = certificate.KeyRing.GetPublicKey();
            var state = PgpKeys.State(certificate.PublicKey, master, _timeProvider.GetUtcNow());
            trusted = status == SignatureStatus.Valid && state == PgpKeys.KeyState.Usable && PgpKeys.CanSign(certificate.PublicKey, master);
            matches = sender is not null && PgpKeys.HasAddress(master, sender);
        }

        return new SecureMessageSignature(
            ProtectionScheme.Pgp,
            status,
            trusted,
            certificate?.Email,
            certificate?.Name,
            certificate?.Fingerprint?.ToUpperInvariant(),
            SignedAt(signature.CreationDate),
            matches);
    }

    private static SignatureStatus Check(IDigitalSignature signature, Func<bool> verify)
    {
        if (signature.SignerCertificate is null)
        {
            return SignatureStatus.UnknownSigner;
        }

        try
        {
            return verify() ? SignatureStatus.Valid : SignatureStatus.Invalid;
        }
        catch (DigitalSignatureVerifyException)
        {
            return SignatureStatus.Invalid;
        }
    }

    private static DateTimeOffset? SignedAt(DateTime value) =>
        value == default ? null : new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
