using System.Globalization;
using Ses.Transport.Testing;

namespace Ses.Transport.WebSample;

/// <summary>
/// With <c>Sample:UseSandbox</c> set (as in <c>appsettings.Development.json</c>): starts the local SES sandbox in this
/// process, on 127.0.0.1, and points every <c>SesTransport</c> setting that says where SES is at it — endpoint, SMTP
/// hosts and ports, region, static sandbox credentials, and the sandbox CA as the trust anchor. The policy, rules and
/// transports stay as configured.
/// </summary>
internal static class SandboxStarter
{
    public static async Task<SesSandbox?> StartIfConfiguredAsync(WebApplicationBuilder builder)
    {
        if (!builder.Configuration.GetValue<bool>("Sample:UseSandbox"))
        {
            return null;
        }

        var sandbox = await SesSandbox.StartAsync();
        var section = "SesTransport";
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{section}:Region"] = sandbox.Region,
            [$"{section}:Https:ServiceUrl"] = sandbox.ApiEndpoint.ToString(),
            [$"{section}:Https:UseFips"] = "false",
            [$"{section}:Https:UseDualStack"] = "false",
            [$"{section}:StartTlsSmtp:Host"] = sandbox.StartTlsSmtpEndpoint.Address.ToString(),
            [$"{section}:StartTlsSmtp:Port"] = sandbox.StartTlsSmtpEndpoint.Port.ToString(CultureInfo.InvariantCulture),
            [$"{section}:TlsWrapperSmtp:Host"] = sandbox.TlsWrapperSmtpEndpoint.Address.ToString(),
            [$"{section}:TlsWrapperSmtp:Port"] = sandbox.TlsWrapperSmtpEndpoint.Port.ToString(CultureInfo.InvariantCulture),
            [$"{section}:Credentials:Source"] = "Static",
            [$"{section}:Credentials:AccessKeyId"] = sandbox.Credentials.AccessKeyId,
            [$"{section}:Credentials:SecretAccessKey"] = sandbox.Credentials.SecretAccessKey,
            [$"{section}:TrustAnchorFile"] = sandbox.CertificateAuthorityPath,
        });
        return sandbox;
    }
}
