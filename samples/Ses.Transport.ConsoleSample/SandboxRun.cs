using Ses.Transport.Credentials;
using Ses.Transport.Https;
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

    // A receiver the sandbox is told cannot do TLS: what SES does with it depends on the configuration set.
    private const string LegacyReceiver = "someone@legacy-mx.example";
    private const string RequireSet = "sample-tls-require";
    private const string OptionalSet = "sample-tls-optional";

    public static async Task<IReadOnlyList<ResultRow>> RunAsync(SampleProgress progress, CancellationToken cancellationToken)
    {
        progress.Step("starting the local SES sandbox");
        await using var sandbox = await SesSandbox.StartAsync(cancellationToken: cancellationToken);
        progress.Done($"API {sandbox.ApiEndpoint}, STARTTLS {sandbox.StartTlsSmtpEndpoint}, TLS wrapper {sandbox.TlsWrapperSmtpEndpoint}");

        progress.Step("generating S/MIME certificates and OpenPGP keys for sender and recipient");
        using var authority = new TestIdentityAuthority("Ses.Transport sample CA");
        var sender = authority.Issue(From);
        var recipient = authority.Issue(To);
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

        var builderOptions = new SecureMessageBuilderOptions { SmimeSigner = sender.Smime, PgpSigner = sender.Pgp };
        builderOptions.SmimeRecipients.Add(recipient.SmimePublic);
        builderOptions.PgpRecipients.Add(recipient.PgpPublic);
        using var builder = new SecureMessageBuilder(builderOptions);

        var matrix = new SampleMatrix(From, To, builder, (receipt, token) => Hop2Async(sandbox, receipt, token), progress);
        var rows = new List<ResultRow>();
        rows.AddRange(await matrix.SendAllAsync(
            [new SampleTarget("HTTPS API", https), new SampleTarget("SMTP STARTTLS", startTls), new SampleTarget("SMTP TLS wrapper", wrapper)],
            cancellationToken));

        progress.Step($"configuration sets: {RequireSet} → TlsPolicy REQUIRE, {OptionalSet} → OPTIONAL");
        using var api = new SesApiClient(httpsOptions);
        foreach (var (name, policy) in new[] { (RequireSet, SesTlsPolicy.Require), (OptionalSet, SesTlsPolicy.Optional) })
        {
            await api.CreateConfigurationSetAsync(name, cancellationToken: cancellationToken);
            await api.PutConfigurationSetDeliveryOptionsAsync(name, policy, cancellationToken: cancellationToken);
            var actual = await api.GetConfigurationSetAsync(name, cancellationToken);
            if (actual.DeliveryOptions.TlsPolicy != policy)
            {
                throw new InvalidOperationException($"configuration set {name} reads back TlsPolicy {actual.DeliveryOptions.TlsPolicy}, not {policy}");
            }
        }

        progress.Done();
        sandbox.Receivers.Declare("legacy-mx.example", SandboxReceiverTls.NotSupported);
        progress.Note("the sandbox's receiver legacy-mx.example does not offer TLS");

        foreach (var set in new[] { RequireSet, OptionalSet })
        {
            var message = SampleMatrix.CreateMessage(From, LegacyReceiver, $"Ses.Transport sample: to a receiver without TLS via {set}");
            message.Headers.Add("X-SES-CONFIGURATION-SET", set);
            rows.Add(await matrix.SendAsync(new SampleTarget("HTTPS API", https), message, "none", cancellationToken));
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
