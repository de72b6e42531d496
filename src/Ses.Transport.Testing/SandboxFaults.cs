using System.Threading.RateLimiting;

namespace Ses.Transport.Testing;

/// <summary>
/// Faults the sandbox injects, to test how a client copes with what SES (or a hostile network) can do. Send faults
/// (throttle, reject, drop) apply to the next sends on any transport, counted per message; TLS faults apply to every
/// new connection on all three listeners until <see cref="Reset"/>. Thread-safe.
/// </summary>
public sealed class SandboxFaults
{
    /// <summary>The SES reason text used by <see cref="RejectNext"/> when none is given.</summary>
    public const string DefaultRejectReason = "Email address is not verified. The following identities failed the check in region SANDBOX: the sender.";

    private readonly Lock _gate = new();
    private int _throttleNext;
    private int _rejectNext;
    private string _rejectReason = DefaultRejectReason;
    private int _dropNext;
    private TokenBucketRateLimiter? _rate;

    internal SandboxFaults()
    {
    }

    internal enum SendFault
    {
        None,
        Throttle,
        Reject,
        DropConnection,
    }

    /// <summary>Whether STARTTLS is left out of the EHLO reply (see <see cref="AdvertiseNoStartTls"/>).</summary>
    public bool StartTlsAdvertised { get; private set; } = true;

    /// <summary>Whether the listeners offer only TLS 1.1 (see <see cref="OfferOnlyTls11"/>).</summary>
    public bool OnlyTls11Offered { get; private set; }

    /// <summary>Which certificate the listeners present.</summary>
    internal CertificateFault Certificate { get; private set; }

    internal enum CertificateFault
    {
        None,
        Untrusted,
        WrongHost,
    }

    /// <summary>
    /// Throttles the next <paramref name="count"/> sends: SMTP answers the DATA with
    /// <c>454 Throttling failure: Maximum sending rate exceeded.</c>, the API answers HTTP 429
    /// <c>TooManyRequestsException</c>. Throttled messages are not recorded.
    /// </summary>
    /// <param name="count">How many sends to throttle (replaces an earlier count).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public void ThrottleNext(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            _throttleNext = count;
        }
    }

    /// <summary>
    /// Throttles sends beyond a rate (a token bucket holding one second's worth of messages, at least one), as SES does
    /// at an account's maximum send rate; answers as <see cref="ThrottleNext"/>.
    /// </summary>
    /// <param name="messagesPerSecond">The rate, for example 0.5 for one message every two seconds; 0.001 to 1,000,000.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="messagesPerSecond"/> is outside 0.001 to 1,000,000.</exception>
    public void LimitSendRate(double messagesPerSecond)
    {
        // The bottom keeps the replenishment period within what a timer can wait (about 17 minutes here).
        if (!(messagesPerSecond is >= 0.001 and <= 1_000_000))
        {
            throw new ArgumentOutOfRangeException(nameof(messagesPerSecond), messagesPerSecond, "The rate must be from 0.001 to 1,000,000 messages a second.");
        }

        // One token per period: a period of 1/rate seconds replenishes one message.
        var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, (int)Math.Floor(messagesPerSecond)),
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1 / messagesPerSecond),
            AutoReplenishment = true,
            QueueLimit = 0,
        });
        TokenBucketRateLimiter? old;
        lock (_gate)
        {
            old = _rate;
            _rate = limiter;
        }

        old?.Dispose();
    }

    /// <summary>
    /// Rejects the next <paramref name="count"/> sends: SMTP answers the DATA with <c>554 Message rejected: reason</c>,
    /// the API answers HTTP 400 <c>MessageRejected</c>. Rejected messages are not recorded.
    /// </summary>
    /// <param name="count">How many sends to reject (replaces an earlier count).</param>
    /// <param name="reason">The reason text, or <see langword="null"/> for <see cref="DefaultRejectReason"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public void RejectNext(int count, string? reason = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            _rejectNext = count;
            _rejectReason = string.IsNullOrWhiteSpace(reason) ? DefaultRejectReason : reason.ReplaceLineEndings(" ");
        }
    }

    /// <summary>
    /// Drops the connection during the next <paramref name="count"/> sends, without an answer: on SMTP after the
    /// message content has arrived, before the reply to DATA (the client cannot know whether it was accepted); on the
    /// API after the request body, before the response. Dropped messages are not recorded.
    /// </summary>
    /// <param name="count">How many sends to drop (replaces an earlier count).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public void DropConnectionMidData(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            _dropNext = count;
        }
    }

    /// <summary>
    /// Leaves <c>STARTTLS</c> out of the EHLO reply on the STARTTLS port (a downgrade attack as a client sees it). A
    /// client that sends STARTTLS anyway still gets TLS.
    /// </summary>
    public void AdvertiseNoStartTls() => StartTlsAdvertised = false;

    /// <summary>
    /// Makes every listener offer TLS 1.1 only. Where the platform's TLS library has TLS 1.1 disabled (OpenSSL 3 at
    /// its default security level, as on current Debian) no version is left and every handshake fails — which is
    /// also what a TLS 1.2+ client sees from a TLS 1.1-only server.
    /// </summary>
    public void OfferOnlyTls11() => OnlyTls11Offered = true;

    /// <summary>Presents a certificate for <c>localhost</c> / 127.0.0.1 issued by a CA nobody trusts (not <see cref="SesSandbox.CertificateAuthority"/>).</summary>
    public void PresentUntrustedCertificate() => Certificate = CertificateFault.Untrusted;

    /// <summary>Presents a certificate issued by <see cref="SesSandbox.CertificateAuthority"/> for another host (<c>wrong-host.invalid</c>) only.</summary>
    public void PresentWrongHostCertificate() => Certificate = CertificateFault.WrongHost;

    /// <summary>Clears every fault.</summary>
    public void Reset()
    {
        TokenBucketRateLimiter? old;
        lock (_gate)
        {
            _throttleNext = 0;
            _rejectNext = 0;
            _dropNext = 0;
            _rejectReason = DefaultRejectReason;
            old = _rate;
            _rate = null;
        }

        old?.Dispose();
        StartTlsAdvertised = true;
        OnlyTls11Offered = false;
        Certificate = CertificateFault.None;
    }

    /// <summary>Takes the fault for one send (drop before throttle before reject), consuming a count.</summary>
    internal SendFault TakeSendFault(out string rejectReason)
    {
        lock (_gate)
        {
            rejectReason = _rejectReason;
            if (_dropNext > 0)
            {
                _dropNext--;
                return SendFault.DropConnection;
            }

            if (_throttleNext > 0)
            {
                _throttleNext--;
                return SendFault.Throttle;
            }

            if (_rate is { } rate)
            {
                using var lease = rate.AttemptAcquire();
                if (!lease.IsAcquired)
                {
                    return SendFault.Throttle;
                }
            }

            if (_rejectNext > 0)
            {
                _rejectNext--;
                return SendFault.Reject;
            }

            return SendFault.None;
        }
    }
}
