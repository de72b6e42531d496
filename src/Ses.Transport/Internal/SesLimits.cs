namespace Ses.Transport.Internal;

/// <summary>Facts about Amazon SES the library enforces, each in one place with its source.</summary>
internal static class SesLimits
{
    /// <summary>Recipients (To + Cc + Bcc) per message. Source: SES Developer Guide, "Service quotas in Amazon SES".</summary>
    public const int MaxRecipientsPerMessage = 50;

    /// <summary>
    /// The largest message SES accepts, after encoding, attachments included: 40 MB.
    /// Source: SES Developer Guide, "Service quotas in Amazon SES" (SES API v2 and SMTP).
    /// </summary>
    public const long MaxMessageBytes = 40L * 1024 * 1024;

    /// <summary>SES closes an SMTP connection idle for about 10 seconds. Source: SES Developer Guide, "Connecting to an Amazon SES SMTP endpoint".</summary>
    public static readonly TimeSpan SmtpIdleTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The maximum send rate of an account still in the SES sandbox: one message (recipient) per second. Source: SES
    /// Developer Guide, "Request production access (Moving out of the Amazon SES sandbox)".
    /// </summary>
    public const double SandboxMaxSendRate = 1;

    /// <summary>Longest configuration set name. Source: SES API v2 reference, <c>CreateConfigurationSet</c>.</summary>
    public const int MaxConfigurationSetNameLength = 64;

    /// <summary>Longest message tag name or value. Source: SES API v2 reference, <c>MessageTag</c>.</summary>
    public const int MaxTagLength = 256;

    /// <summary>Shortest <c>MaxDeliverySeconds</c> of a configuration set (5 minutes). Source: SES API v2 reference, <c>DeliveryOptions</c>.</summary>
    public const long MinDeliverySeconds = 300;

    /// <summary>Longest <c>MaxDeliverySeconds</c> of a configuration set (14 hours). Source: SES API v2 reference, <c>DeliveryOptions</c>.</summary>
    public const long MaxDeliverySeconds = 50400;
}
