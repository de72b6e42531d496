using System.Globalization;
using Microsoft.Extensions.Options;
using Ses.Transport.Https;
using Ses.Transport.Internal;
using Ses.Transport.Policy;
using Ses.Transport.Policy.Internal;
using Ses.Transport.Security;
using Ses.Transport.Smtp.Internal;

namespace Ses.Transport.DependencyInjection.Internal;

/// <summary>
/// Start-up checks of <see cref="SesTransportOptions"/>. Every message starts with the setting's configuration path
/// (<c>SesTransport:StartTlsSmtp:Port must be ...</c>) and never carries a secret (key, password, passphrase).
/// </summary>
internal sealed class SesTransportOptionsValidator(SesTransportRegistry registry) : IValidateOptions<SesTransportOptions>
{
    public ValidateOptionsResult Validate(string? name, SesTransportOptions options)
    {
        var errors = Problems(registry.PathOf(name ?? Options.DefaultName), options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The problems with <paramref name="options"/>, each naming its setting under <paramref name="path"/>.</summary>
    public static IReadOnlyList<string> Problems(string path, SesTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        void Add(string setting, string problem) => errors.Add($"{path}:{setting} {problem}");

        if (string.IsNullOrWhiteSpace(options.Region))
        {
            Add("Region", "is required (an AWS region such as eu-central-1).");
        }
        else if (!SesApiEndpoint.IsRegionName(options.Region.Trim()))
        {
            Add("Region", $"'{options.Region}' is not an AWS region name (lower-case letters, digits and '-').");
        }

        // SesTransportOptionsDefaults (a post-configure step, run before validation) has already put HTTPS into an empty list.
        var kinds = options.Transports;
        for (var i = 0; i < kinds.Count; i++)
        {
            if (!Enum.IsDefined(kinds[i]))
            {
                Add($"Transports:{i}", $"'{kinds[i]}' is not a transport (Https, StartTlsSmtp, TlsWrapperSmtp).");
            }
            else if (kinds.Take(i).Contains(kinds[i]))
            {
                Add($"Transports:{i}", $"names {kinds[i]} a second time; list each transport once, in failover order.");
            }
        }

        CheckHttps(options, Add);
        foreach (var kind in kinds.Distinct())
        {
            if (kind is SesTransportKind.StartTlsSmtp or SesTransportKind.TlsWrapperSmtp)
            {
                CheckSmtp(kind, options, Add);
            }
        }

        CheckCredentials(options, Add);
        CheckTls(options, Add);

        if (options.OperationTimeout <= TimeSpan.Zero || options.OperationTimeout.TotalMilliseconds > int.MaxValue)
        {
            Add("OperationTimeout", "must be positive and at most about 24 days.");
        }

        if (options.Retry.MaxRetryAttempts < 0)
        {
            Add("Retry:MaxRetryAttempts", "must not be negative.");
        }

        if (options.Retry.BaseDelay < TimeSpan.Zero || options.Retry.MaxDelay < options.Retry.BaseDelay)
        {
            Add("Retry:MaxDelay", "must be at least Retry:BaseDelay, and neither negative.");
        }

        if (options.Retry.TotalTimeout <= TimeSpan.Zero)
        {
            Add("Retry:TotalTimeout", "must be positive.");
        }

        CheckPolicy(options, kinds, Add);
        CheckKeys(options.Keys, Add);

        if (!Enum.IsDefined(options.ConfigurationSetCheck))
        {
            Add("ConfigurationSetCheck", $"'{options.ConfigurationSetCheck}' is not None, VerifyOnly or Ensure.");
        }

        if (options.ConfigurationSetMaxDeliverySeconds is { } seconds && seconds is < SesLimits.MinDeliverySeconds or > SesLimits.MaxDeliverySeconds)
        {
            Add("ConfigurationSetMaxDeliverySeconds", $"must be between {SesLimits.MinDeliverySeconds} and {SesLimits.MaxDeliverySeconds} (it is {seconds}).");
        }

        return errors;
    }

    private static void CheckHttps(SesTransportOptions options, Action<string, string> add)
    {
        var https = options.Https;
        if (https.ServiceUrl is { } url)
        {
            if (!url.IsAbsoluteUri || !string.Equals(url.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
            {
                add("Https:ServiceUrl", "must be an absolute https URL (the transport never sends credentials or mail in clear).");
            }
            else if (!string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment) || !string.IsNullOrEmpty(url.UserInfo))
            {
                add("Https:ServiceUrl", "must not have a query, fragment or user information.");
            }

            if (https.UseFips || https.UseDualStack)
            {
                add("Https:UseFips", "and Https:UseDualStack cannot be combined with Https:ServiceUrl; put the endpoint you want in Https:ServiceUrl.");
            }
        }

        if (https.MaxConnectionsPerServer < 1)
        {
            add("Https:MaxConnectionsPerServer", $"must be at least 1 (it is {https.MaxConnectionsPerServer}).");
        }

        if (https.PooledConnectionLifetime <= TimeSpan.Zero)
        {
            add("Https:PooledConnectionLifetime", "must be positive and bounded, so connections follow SES's DNS changes.");
        }
    }

    private static void CheckSmtp(SesTransportKind kind, SesTransportOptions options, Action<string, string> add)
    {
        var endpoint = SenderSettings.Endpoint(kind, options);
        var section = kind.ToString();
        var hasHost = !string.IsNullOrWhiteSpace(endpoint.Host);
        if (endpoint.Port is { } port)
        {
            var sesPorts = kind == SesTransportKind.TlsWrapperSmtp ? SesSmtpEndpoints.TlsWrapperPorts : SesSmtpEndpoints.StartTlsPorts;
            if (port is < 1 or > 65535)
            {
                add($"{section}:Port", $"must be between 1 and 65535 (it is {port}).");
            }
            else if (!hasHost && !sesPorts.Contains(port))
            {
                add($"{section}:Port", string.Create(CultureInfo.InvariantCulture, $"{port} is not a port SES offers for {(kind == SesTransportKind.TlsWrapperSmtp ? "the TLS wrapper" : "STARTTLS")} ({string.Join(", ", sesPorts)}); set {section}:Host to use another port."));
            }
        }

        if (endpoint.PoolSize < 1)
        {
            add($"{section}:PoolSize", $"must be at least 1 (it is {endpoint.PoolSize}).");
        }
    }

    private static void CheckCredentials(SesTransportOptions options, Action<string, string> add)
    {
        var credentials = options.Credentials;
        if (options.CredentialsProvider is null)
        {
            switch (credentials.Source)
            {
                case SesCredentialsSource.Default:
                    break;
                case SesCredentialsSource.Profile when string.IsNullOrWhiteSpace(credentials.Profile):
                    add("Credentials:Profile", "is required when Credentials:Source is Profile.");
                    break;
                case SesCredentialsSource.Profile:
                    break;
                case SesCredentialsSource.Static:
                    if (string.IsNullOrWhiteSpace(credentials.AccessKeyId))
                    {
                        add("Credentials:AccessKeyId", "is required when Credentials:Source is Static.");
                    }

                    if (string.IsNullOrEmpty(credentials.SecretAccessKey))
                    {
                        add("Credentials:SecretAccessKey", "is required when Credentials:Source is Static.");
                    }

                    break;
                default:
                    add("Credentials:Source", $"'{credentials.Source}' is not Default, Profile or Static.");
                    break;
            }
        }

        if (string.IsNullOrEmpty(credentials.SmtpUserName) != string.IsNullOrEmpty(credentials.SmtpPassword))
        {
            add(string.IsNullOrEmpty(credentials.SmtpUserName) ? "Credentials:SmtpUserName" : "Credentials:SmtpPassword", "must be set together with its pair (Credentials:SmtpUserName and Credentials:SmtpPassword), or neither to derive them.");
        }
    }

    private static void CheckTls(SesTransportOptions options, Action<string, string> add)
    {
        if (!string.IsNullOrWhiteSpace(options.TrustAnchorFile))
        {
            if (!File.Exists(options.TrustAnchorFile))
            {
                add("TrustAnchorFile", $"'{options.TrustAnchorFile}' does not exist.");
            }
            else
            {
                try
                {
                    _ = SenderSettings.TrustAnchors(options);
                }
                catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
                {
                    add("TrustAnchorFile", $"'{options.TrustAnchorFile}' holds no readable PEM certificate ({ex.GetType().Name}).");
                }
            }
        }

        if (!Enum.IsDefined(options.Policy.MinimumTlsVersion))
        {
            add("Policy:MinimumTlsVersion", $"'{options.Policy.MinimumTlsVersion}' is not Tls12 or Tls13.");
        }
    }

    private static void CheckPolicy(SesTransportOptions options, IList<SesTransportKind> kinds, Action<string, string> add)
    {
        var policy = options.Policy;
        var configured = kinds.Where(k => Enum.IsDefined(k)).Select(k => k.ToString()).Distinct().ToList();
        CheckTransportNames(policy.Transports, "Policy:Transports", configured, add);
        if (!Enum.IsDefined(policy.ReceiverTls))
        {
            add("Policy:ReceiverTls", $"'{policy.ReceiverTls}' is not Optional or Require.");
        }

        CheckSetName(policy.ConfigurationSets.Optional, "Policy:ConfigurationSets:Optional", add);
        CheckSetName(policy.ConfigurationSets.Require, "Policy:ConfigurationSets:Require", add);
        if (policy.ReceiverTls == ReceiverTls.Require && policy.ConfigurationSets.Require is null)
        {
            add("Policy:ConfigurationSets:Require", "is required when Policy:ReceiverTls is Require (a configuration set whose TlsPolicy is REQUIRE).");
        }

        if (policy.FailoverBenchTime < TimeSpan.Zero)
        {
            add("Policy:FailoverBenchTime", "must not be negative.");
        }

        switch (policy.SendRate.Mode)
        {
            case SendRateMode.None:
                break;
            case SendRateMode.Fixed when !RecipientRateLimiter.IsUsableRate(policy.SendRate.RecipientsPerSecond):
                add("Policy:SendRate:RecipientsPerSecond", string.Create(CultureInfo.InvariantCulture, $"must be a finite number above 0 when Policy:SendRate:Mode is Fixed (it is {policy.SendRate.RecipientsPerSecond})."));
                break;
            case SendRateMode.FromAccount when policy.SendRate.AccountRefreshInterval <= TimeSpan.Zero && policy.SendRate.AccountRefreshInterval != Timeout.InfiniteTimeSpan:
                add("Policy:SendRate:AccountRefreshInterval", $"must be above 0, or infinite (-00:00:00.001) to read the account's rate once, when Policy:SendRate:Mode is FromAccount (it is {policy.SendRate.AccountRefreshInterval}).");
                break;
            case SendRateMode.Fixed or SendRateMode.FromAccount:
                break;
            default:
                add("Policy:SendRate:Mode", $"'{policy.SendRate.Mode}' is not None, Fixed or FromAccount.");
                break;
        }

        for (var i = 0; i < policy.Rules.Count; i++)
        {
            var rule = policy.Rules[i];
            var at = $"Policy:Rules:{i}";
            if (rule is null)
            {
                continue;
            }

            if (rule.Recipients.Count == 0)
            {
                add($"{at}:Recipients", "must list at least one address, domain or *.domain pattern.");
            }

            CheckTransportNames(rule.Transports, $"{at}:Transports", configured, add);
            CheckSetName(rule.ConfigurationSet, $"{at}:ConfigurationSet", add);
            if (rule.ReceiverTls is { } tls && !Enum.IsDefined(tls))
            {
                add($"{at}:ReceiverTls", $"'{tls}' is not Optional or Require.");
            }

            if (rule.ReceiverTls == ReceiverTls.Require && rule.ConfigurationSet is null && policy.ConfigurationSets.Require is null)
            {
                add($"{at}:ReceiverTls", "is Require, but neither the rule's ConfigurationSet nor Policy:ConfigurationSets:Require names a configuration set.");
            }
        }
    }

    private static void CheckTransportNames(IList<string> names, string setting, List<string> configured, Action<string, string> add)
    {
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i]?.Trim();
            if (!string.IsNullOrEmpty(name) && !configured.Contains(name))
            {
                add($"{setting}:{i}", $"names transport '{name}', which is not among the configured transports ({string.Join(", ", configured)}).");
            }
        }
    }

    private static void CheckSetName(string? name, string setting, Action<string, string> add)
    {
        if (name is not null && !SesHeaders.IsValidConfigurationSetName(name))
        {
            add(setting, $"'{name}' is not a valid configuration set name (ASCII letters, digits, '_' and '-', 1 to {SesLimits.MaxConfigurationSetNameLength} characters).");
        }
    }

    private static void CheckKeys(SesKeyFilesOptions keys, Action<string, string> add)
    {
        CheckKeyFile(keys.SmimeSigner, "Keys:SmimeSigner", passwordRequired: true, f => SmimeKeyMaterial.FromPkcs12File(f.Path!, f.Password ?? string.Empty), add);
        CheckKeyFile(keys.PgpSigner, "Keys:PgpSigner", passwordRequired: true, f => PgpKeyMaterial.FromArmoredSecretKeyFile(f.Path!, f.Password ?? string.Empty), add);
        for (var i = 0; i < keys.SmimeRecipients.Count; i++)
        {
            CheckKeyFile(keys.SmimeRecipients[i], $"Keys:SmimeRecipients:{i}", passwordRequired: false, f => SenderSettings.SmimeRecipient(f.Path!), add);
        }

        for (var i = 0; i < keys.PgpRecipients.Count; i++)
        {
            CheckKeyFile(keys.PgpRecipients[i], $"Keys:PgpRecipients:{i}", passwordRequired: false, f => PgpKeyMaterial.FromArmoredPublicKeyFile(f.Path!), add);
        }
    }

    private static void CheckKeyFile(SesKeyFileOptions? file, string setting, bool passwordRequired, Func<SesKeyFileOptions, object> load, Action<string, string> add)
    {
        if (file is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(file.Path))
        {
            add($"{setting}:Path", "is required.");
            return;
        }

        if (!File.Exists(file.Path))
        {
            add($"{setting}:Path", $"'{file.Path}' does not exist.");
            return;
        }

        if (passwordRequired && file.Password is null)
        {
            add($"{setting}:Password", "is required (the PKCS#12 password or PGP passphrase; empty when the file has none).");
            return;
        }

        // Load once here, so a wrong password or a broken file stops start-up rather than the first send.
        try
        {
            _ = load(file);
        }
        catch (SecureMessageException ex)
        {
            add(setting, $"'{file.Path}' could not be loaded ({ex.Failure}).");
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            add(setting, $"'{file.Path}' could not be loaded ({ex.GetType().Name}).");
        }
    }
}
