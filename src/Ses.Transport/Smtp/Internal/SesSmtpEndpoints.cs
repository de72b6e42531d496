namespace Ses.Transport.Smtp.Internal;

/// <summary>
/// SES SMTP endpoint facts. Source: SES Developer Guide, "Connecting to an Amazon SES SMTP endpoint":
/// <c>email-smtp.{region}.amazonaws.com</c>; STARTTLS on 25, 587 or 2587; TLS wrapper on 465 or 2465.
/// </summary>
internal static class SesSmtpEndpoints
{
    public const int StartTlsDefaultPort = 587;

    public const int TlsWrapperDefaultPort = 465;

    public static readonly IReadOnlyList<int> StartTlsPorts = [25, 587, 2587];

    public static readonly IReadOnlyList<int> TlsWrapperPorts = [465, 2465];

    public static string HostForRegion(string region) => $"email-smtp.{region}.amazonaws.com";
}
