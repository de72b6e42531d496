using System.ComponentModel;

namespace Ses.Transport.Internal;

/// <summary>
/// Tells why a TLS handshake failed when the certificate check did not say: a protocol-version refusal (the server
/// offers only versions below the configured minimum) or another handshake failure. It reads error codes, not
/// message text: OpenSSL's (Linux, in <see cref="Exception.HResult"/>) and SChannel's (Windows).
/// </summary>
internal static class TlsFailureClassifier
{
    // OpenSSL reason codes of library ERR_LIB_SSL (error code = 0x0A000000 | reason):
    // SSL_R_UNSUPPORTED_PROTOCOL 258, SSL_R_VERSION_TOO_LOW 396, SSL_R_TLSV1_ALERT_PROTOCOL_VERSION 1070 (alert 70 received),
    // SSL_R_NO_PROTOCOLS_AVAILABLE 191, SSL_R_WRONG_SSL_VERSION 266.
    private const int OpenSslLibrarySsl = 0x0A;
    private static readonly int[] OpenSslVersionReasons = [258, 396, 1070, 191, 266];

    // SChannel: SEC_E_ALGORITHM_MISMATCH ("no common algorithm", what a version mismatch looks like there).
    private const int SecEAlgorithmMismatch = unchecked((int)0x80090331);

    public static TlsFailure Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var code = e.HResult;
            if ((code >> 24) == OpenSslLibrarySsl && Array.IndexOf(OpenSslVersionReasons, code & 0xFFF) >= 0)
            {
                return TlsFailure.ProtocolVersionTooLow;
            }

            if (e is Win32Exception { NativeErrorCode: SecEAlgorithmMismatch })
            {
                return TlsFailure.ProtocolVersionTooLow;
            }
        }

        return TlsFailure.HandshakeFailed;
    }
}
