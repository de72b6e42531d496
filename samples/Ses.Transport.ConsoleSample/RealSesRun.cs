using Ses.Transport.Credentials;
using Ses.Transport.Https;
using Ses.Transport.Policy;
using Ses.Transport.Smtp;
using Ses.Transport.Testing.Identities;

namespace Ses.Transport.ConsoleSample;

/// <summary>
/// <c>--region</c>: the same sends against real Amazon SES, with credentials from the default chain (environment,
/// profile, container, instance metadata). The recipient cannot decrypt the protected messages (their keys are
/// generated here); they show the path, and hop 2 is visible only through SES events.
/// </summary>
internal static class RealSesRun
{
    public static async Task<IReadOnlyList<ResultRow>> RunAsync(SampleArguments arguments, SampleProgress progress, CancellationToken cancellationToken)
    {
        var region = arguments.Region!;
        var from = arguments.From!;
        var to = arguments.To!;

        progress.Step("looking up AWS credentials (environment, profile, container, instance metadata)");
        var provider = new DefaultCredentialsChain();
        var credentials = await provider.GetCredentialsAsync(cancellationToken);
        // Only the last four characters, as the AWS CLI shows it: enough to tell keys apart in a shared terminal or log.
        progress.Done($"access key ****{credentials.AccessKeyId[^Math.Min(4, credentials.AccessKeyId.Length)..]}");

        var httpsOptions = new HttpsTransportOptions { Region = region, CredentialsProvider = provider };
        await using var https = new HttpsTransport(httpsOptions);
        var targets = new List<SampleTarget> { new("HTTPS API", https) };

        // SES SMTP passwords derive from an IAM user's long-lived secret key; temporary credentials cannot be used.
        var smtpCredentials = SmtpCredentials(credentials, region);
        await using var startTls = smtpCredentials is null ? null : new StartTlsSmtpTransport(new StartTlsSmtpTransportOptions { Region = region, Credentials = smtpCredentials });
        await using var wrapper = smtpCredentials is null ? null : new TlsWrapperSmtpTransport(new TlsWrapperSmtpTransportOptions { Region = region, Credentials = smtpCredentials });
        if (startTls is not null && wrapper is not null)
        {
            targets.Add(new SampleTarget("SMTP STARTTLS", startTls));
            targets.Add(new SampleTarget("SMTP TLS wrapper", wrapper));
        }
        else
        {
            progress.Note("SMTP skipped: temporary credentials; set SES_SMTP_USERNAME and SES_SMTP_PASSWORD to include it");
        }

        progress.Step("generating S/MIME certificates and OpenPGP keys");
        using var authority = new TestIdentityAuthority("Ses.Transport sample CA");
        var sender = authority.Issue(from);
        var recipient = authority.Issue(to);
        progress.Done();

        using var builder = SampleMatrix.CreateBuilder(sender, recipient);

        var matrix = new SampleMatrix(from, to, builder, (_, _) => Task.FromResult("see SES events"), progress);
        var rows = new List<ResultRow>(await matrix.SendAllAsync(targets, cancellationToken));

        using var api = new SesApiClient(httpsOptions);
        var provisioner = new ConfigurationSetProvisioner(api);
        foreach (var (name, receiverTls) in new[] { (arguments.RequireSet, ReceiverTls.Require), (arguments.OptionalSet, ReceiverTls.Optional) })
        {
            if (name is null)
            {
                continue;
            }

            progress.Step($"configuration set {name} → TlsPolicy {receiverTls}");
            await provisioner.EnsureConfigurationSetAsync(name, receiverTls, cancellationToken: cancellationToken);
            progress.Done();
            var message = SampleMatrix.CreateMessage(from, to, $"Ses.Transport sample: via {name}");
            message.Headers.Add("X-SES-CONFIGURATION-SET", name);
            rows.Add(await matrix.SendAsync(new SampleTarget("HTTPS API", https), message, "none", cancellationToken));
        }

        return rows;
    }

    private static SesSmtpCredentials? SmtpCredentials(AwsCredentials credentials, string region)
    {
        var user = Environment.GetEnvironmentVariable("SES_SMTP_USERNAME");
        var password = Environment.GetEnvironmentVariable("SES_SMTP_PASSWORD");
        if (!string.IsNullOrEmpty(user) && !string.IsNullOrEmpty(password))
        {
            return new SesSmtpCredentials(user, password);
        }

        return credentials.SessionToken is null
            ? SesSmtpCredentials.FromSecretAccessKey(credentials.AccessKeyId, credentials.SecretAccessKey, region)
            : null;
    }
}
