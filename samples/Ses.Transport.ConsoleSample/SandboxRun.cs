using Microsoft.Extensions.DependencyInjection;
using Ses.Transport.Credentials;
using Ses.Transport.Https;
using Ses.Transport.Policy;
using Ses.Transport.Security;
using Ses.Transport.Smtp;
using Ses.Transport.Testing;
using Ses.Transport.Testing.Identities;

namespace Ses.Transport.ConsoleSample;

/// <summary>The default run: a local SES sandbox in this process, nothing needed but the .NET SDK.</summary>
internal static class SandboxRun
{
    private const string From = "sender@sample.example";
    private const string To = "recipient@sample.example";

    // Receivers the sandbox is told cannot do TLS: what SES does with them depends on the configuration set.
    private const string LegacyDomain = "legacy-mx.example";
    private const string LegacyReceiver = "someone@legacy-mx.example";
    private const string Auditor = "auditor@legacy-mx.example";
    private const string RequireSet = "sample-tls-require";
    private const string OptionalSet = "sample-tls-optional";

    public static async Task<IReadOnlyList<ResultRow>> RunAsync(SampleProgress progress, CancellationToken cancellationToken)
    {
        progress.Step("starting the local SES sandbox");
        await using var sandbox = await SesSandbox.StartAsync(cancellationToken: cancellationToken);
        progress.Done($"API {sandbox.ApiEndpoint}, STARTTLS {sandbox.StartTlsSmtpEndpoint}, TLS wrapper {sandbox.TlsWrapperSmtpEndpoint}");

        progress.Step("generating S/MIME certificates and OpenPGP keys for sender, recipient and auditor");
        using var authority = new TestIdentityAuthority("Ses.Transport sample CA");
        var sender = authority.Issue(From);
        var recipient = authority.Issue(To);
        var auditor = authority.Issue(Auditor);
        progress.Done();

        var httpsOptions = new HttpsTransportOptions
        {
            ServiceUrl = sandbox.ApiEndpoint,
            Region = sandbox.Region,
            CredentialsProvider = new StaticCredentialsProvider(sandbox.Credentials),
        };
        httpsOptions.Tls.TrustAnchors.Add(sandbox.CertificateAuthority);

        var startTlsOptions = new StartTlsSmtpTransportOptions
        {
            Host = sandbox.StartTlsSmtpEndpoint.Address.ToString(),
            Port = sandbox.StartTlsSmtpEndpoint.Port,
            Credentials = sandbox.SmtpCredentials,
        };
        startTlsOptions.Tls.TrustAnchors.Add(sandbox.CertificateAuthority);

        var wrapperOptions = new TlsWrapperSmtpTransportOptions
        {
            Host = sandbox.TlsWrapperSmtpEndpoint.Address.ToString(),
            Port = sandbox.TlsWrapperSmtpEndpoint.Port,
            Credentials = sandbox.SmtpCredentials,
        };
        wrapperOptions.Tls.TrustAnchors.Add(sandbox.CertificateAuthority);

        await using var https = new HttpsTransport(httpsOptions);
        await using var startTls = new StartTlsSmtpTransport(startTlsOptions);
        await using var wrapper = new TlsWrapperSmtpTransport(wrapperOptions);

        using var builder = SampleMatrix.CreateBuilder(sender, recipient);

        var matrix = new SampleMatrix(From, To, builder, (receipt, token) => Hop2Async(sandbox, receipt, token), progress);
        var rows = new List<ResultRow>();
        rows.AddRange(await matrix.SendAllAsync(
            [new SampleTarget("HTTPS API", https), new SampleTarget("SMTP STARTTLS", startTls), new SampleTarget("SMTP TLS wrapper", wrapper)],
            cancellationToken));

        // Hop 2 through the policy, configured with the same options types an ASP.NET application binds from
        // appsettings.json: the policy names a configuration set for each receiver-TLS level, and a rule demands
        // TLS all the way and S/MIME for the auditor.
        var services = new ServiceCollection();
        services.AddSesTransport(options =>
            {
                options.Region = sandbox.Region;
                options.Https.ServiceUrl = sandbox.ApiEndpoint;
                options.Transports.Add(SesTransportKind.Https);
                options.Policy.ConfigurationSets.Optional = OptionalSet;
                options.Policy.ConfigurationSets.Require = RequireSet;
            })
            .UseCredentials(new StaticCredentialsProvider(sandbox.Credentials))
            .AddTrustAnchor(sandbox.CertificateAuthority)
            .AddRule(new DeliveryRule
            {
                Name = "auditors",
                Recipients = { Auditor },
                ReceiverTls = ReceiverTls.Require,
                EndToEnd = new EndToEndProtection { Protection = MessageProtection.SignAndEncrypt, Scheme = ProtectionScheme.SMime },
            })
            .UseKeys(keys =>
            {
                keys.SmimeSigner = sender.Smime;
                keys.SmimeRecipients.Add(auditor.SmimePublic);
            });
        await using var provider = services.BuildServiceProvider();

        progress.Step($"configuration sets as code: {RequireSet} → TlsPolicy REQUIRE, {OptionalSet} → OPTIONAL");
        using var api = new SesApiClient(httpsOptions);
        var provisioner = new ConfigurationSetProvisioner(api, provider.GetRequiredService<KnownConfigurationSets>());
        await provisioner.EnsureConfigurationSetAsync(RequireSet, ReceiverTls.Require, cancellationToken: cancellationToken);
        await provisioner.EnsureConfigurationSetAsync(OptionalSet, ReceiverTls.Optional, cancellationToken: cancellationToken);
        progress.Done("created, put and read back");

        sandbox.Receivers.Declare(LegacyDomain, SandboxReceiverTls.NotSupported);
        progress.Note($"the sandbox's receiver {LegacyDomain} does not offer TLS");

        var policy = new SampleTarget("policy → HTTPS API", provider.GetRequiredService<ISesTransport>());
        foreach (var (to, protection) in new[] { (LegacyReceiver, "none"), (Auditor, "S/MIME sign+encrypt") })
        {
            var message = SampleMatrix.CreateMessage(From, to, $"Ses.Transport sample: policy-driven, to {to}");
            rows.Add(await matrix.SendAsync(policy, message, protection, cancellationToken));
        }

        return rows;
    }

    private static async Task<string> Hop2Async(SesSandbox sandbox, SendReceipt receipt, CancellationToken cancellationToken)
    {
        var recorded = await sandbox.WaitForMessageAsync(m => m.Id == receipt.MessageId, TimeSpan.FromSeconds(10), cancellationToken);
        return recorded.Outcome switch
        {
            SandboxDeliveryOutcome.Delivered => "delivered over TLS",
            SandboxDeliveryOutcome.DeliveredWithoutTls => "delivered WITHOUT TLS",
            SandboxDeliveryOutcome.Dropped => "DROPPED (receiver has no TLS)",
            var other => other.ToString(),
        };
    }
}
