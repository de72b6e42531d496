namespace Ses.Transport.Security;

/// <summary>
/// A message could not be signed, encrypted, verified or decrypted, or key material was refused. Permanent: the same
/// message with the same keys fails again. The message names addresses and fingerprints (public facts), never a
/// passphrase, password or key material.
/// </summary>
public sealed class SecureMessageException : SesTransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="failure">What went wrong.</param>
    /// <param name="message">A description without secrets.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public SecureMessageException(SecureMessageFailure failure, string message, Exception? innerException = null)
        : base(message, isTransient: false, innerException)
    {
        Failure = failure;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public SecureMessageException()
        : this(SecureMessageFailure.Other, "The message could not be protected, verified or decrypted.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">A description without secrets.</param>
    public SecureMessageException(string message)
        : this(SecureMessageFailure.Other, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">A description without secrets.</param>
    /// <param name="innerException">The underlying failure.</param>
    public SecureMessageException(string message, Exception innerException)
        : this(SecureMessageFailure.Other, message, innerException)
    {
    }

    /// <summary>What went wrong.</summary>
    public SecureMessageFailure Failure { get; }

    /// <summary>The email address concerned (a recipient without a key, a signer whose certificate lacks it), where one is.</summary>
    public string? Address { get; init; }

    /// <summary>The certificate thumbprint or OpenPGP fingerprint concerned, where one is.</summary>
    public string? Fingerprint { get; init; }
}
