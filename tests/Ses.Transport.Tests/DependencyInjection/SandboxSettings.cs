using System.Globalization;
using Ses.Transport.Testing;

namespace Ses.Transport.Tests.DependencyInjection;

/// <summary>Settings under <see cref="DiTest.Section"/> that point every transport at a running <see cref="SesSandbox"/>.</summary>
internal static class SandboxSettings
{
    public static Dictionary<string, string?> For(SesSandbox sandbox, params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        void Set(string key, string? value) => settings[$"{DiTest.Section}:{key}"] = value;
        Set("Region", sandbox.Region);
        Set("Credentials:Source", "Static");
        Set("Credentials:AccessKeyId", sandbox.Credentials.AccessKeyId);
        Set("Credentials:SecretAccessKey", sandbox.Credentials.SecretAccessKey);
        Set("TrustAnchorFile", sandbox.CertificateAuthorityPath);
        Set("Https:ServiceUrl", sandbox.ApiEndpoint.ToString());
        Set("StartTlsSmtp:Host", sandbox.StartTlsSmtpEndpoint.Address.ToString());
        Set("StartTlsSmtp:Port", sandbox.StartTlsSmtpEndpoint.Port.ToString(CultureInfo.InvariantCulture));
        Set("TlsWrapperSmtp:Host", sandbox.TlsWrapperSmtpEndpoint.Address.ToString());
        Set("TlsWrapperSmtp:Port", sandbox.TlsWrapperSmtpEndpoint.Port.ToString(CultureInfo.InvariantCulture));
        Set("OperationTimeout", "00:00:10");
        Set("Retry:BaseDelay", "00:00:00.005");
        Set("Retry:MaxDelay", "00:00:00.020");
        Set("Retry:TotalTimeout", "00:00:20");
        foreach (var (key, value) in extra)
        {
            Set(key, value);
        }

        return settings;
    }
}
