namespace Ses.Transport.Security;

/// <summary>One signature found by <see cref="SecureMessageReader"/>: who signed, whether it holds, whether the signer is trusted.</summary>
public sealed class SecureMessageSignature
{
    internal SecureMessageSignature(
        ProtectionScheme scheme,
        SignatureStatus status,
        bool isTrusted,
        string? signerAddress,
        string? signerName,
        string? fingerprint,
        DateTimeOffset? signedAt,
        bool matchesSender)
    {
        Scheme = scheme;
        Status = status;
        IsTrusted = isTrusted;
        SignerAddress = signerAddress;
        SignerName = signerName;
        Fingerprint = fingerprint;
        SignedAt = signedAt;
        MatchesSender = matchesSender;
    }

    /// <summary>S/MIME or PGP.</summary>
    public ProtectionScheme Scheme { get; }

    /// <summary>What checking the signature found.</summary>
    public SignatureStatus Status { get; }

    /// <summary>Whether the signature matches the content and the signer's key (<see cref="SignatureStatus.Valid"/>).</summary>
    public bool IsValid => Status == SignatureStatus.Valid;

    /// <summary>
    /// Whether the signature is valid and the signer is trusted: for S/MIME, the signer's certificate chains to one of
    /// the configured trust anchors; for PGP, the signing key is one of the configured keys and is neither revoked nor
    /// expired.
    /// </summary>
    public bool IsTrusted { get; }

    /// <summary>The signer's email address, from the certificate or key, when known.</summary>
    public string? SignerAddress { get; }

    /// <summary>The signer's name (certificate common name or user ID name), when known.</summary>
    public string? SignerName { get; }

    /// <summary>The certificate fingerprint (S/MIME, SHA-1 hex) or the signing key's fingerprint (PGP), when known.</summary>
    public string? Fingerprint { get; }

    /// <summary>When the signer says it signed (the signing-time attribute or signature creation time).</summary>
    public DateTimeOffset? SignedAt { get; }

    /// <summary>Whether the signer's certificate or key carries the message's From (or Sender) address (RFC 8550 §3).</summary>
    public bool MatchesSender { get; }

    /// <summary>A description for diagnostics.</summary>
    /// <returns>Scheme, status, trust and signer; no signature bytes.</returns>
    public override string ToString() =>
        $"{Scheme} signature {Status}{(IsTrusted ? ", trusted" : ", not trusted")} by {SignerName} <{SignerAddress}> ({Fingerprint})";
}
