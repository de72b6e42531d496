using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ses.Transport.Diagnostics;

namespace Ses.Transport.DependencyInjection.Internal;

/// <summary>
/// Checks that a sender's transports reach SES: HTTPS with <c>GetAccount</c> (signed, so credentials are checked too),
/// SMTP by connecting, establishing TLS, authenticating and sending <c>QUIT</c>. Healthy when every transport is
/// reachable, degraded when some are (the policy fails over to them), unhealthy when none is. The description names
/// transports and failure kinds only: never a credential.
/// </summary>
internal sealed class SesTransportHealthCheck(string name, SesSenderFactory senders, ILoggerFactory? loggerFactory = null) : IHealthCheck
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Ses.Transport.Health");

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        SesSender sender;
        try
        {
            sender = senders.Get(name);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The Ses.Transport settings are invalid: " + ex.Message);
        }

        // Validated options: each transport is listed once.
        var kinds = sender.Options.Transports;
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var failures = new List<string>();
        Exception? first = null;
        foreach (var kind in kinds)
        {
            try
            {
                if (kind == SesTransportKind.Https)
                {
                    var account = await sender.ApiClient.GetAccountAsync(cancellationToken).ConfigureAwait(false);
                    data["Https.SendingEnabled"] = account.SendingEnabled;
                    data["Https.MaxSendRate"] = account.MaxSendRate;
                }
                else
                {
                    await sender.ProbeSmtpAsync(kind, cancellationToken).ConfigureAwait(false);
                }

                data[kind.ToString()] = "reachable";
            }
            catch (SesTransportException ex)
            {
                Log.HealthCheckTransportFailed(_logger, name, kind, ex.GetType().Name);
                data[kind.ToString()] = ex.GetType().Name;
                failures.Add($"{kind}: {ex.GetType().Name}");
                first ??= ex;
            }
        }

        if (failures.Count == 0)
        {
            return HealthCheckResult.Healthy($"Every transport reaches SES ({string.Join(", ", kinds)}).", data);
        }

        var description = $"Unreachable: {string.Join("; ", failures)}.";
        return failures.Count < kinds.Count
            ? HealthCheckResult.Degraded(description, first, data)
            : new HealthCheckResult(context.Registration.FailureStatus, description, first, data);
    }
}
