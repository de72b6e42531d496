using Microsoft.Extensions.Diagnostics.HealthChecks;
using Ses.Transport.DependencyInjection.Internal;

#pragma warning disable IDE0130 // Namespace does not match folder structure: DI entry points live where users look for them.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Ses.Transport health check with <c>services.AddHealthChecks()</c>.</summary>
public static class SesTransportHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a health check that verifies the transports of a sender registered with <c>AddSesTransport</c> reach SES
    /// (HTTPS: <c>GetAccount</c>; SMTP: connect, TLS, AUTH, QUIT). Healthy when all do, degraded when some do,
    /// <paramref name="failureStatus"/> when none does. A second registration with the same name is ignored.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="serviceKey">The key of a keyed sender, or <see langword="null"/> for the unkeyed one.</param>
    /// <param name="name">The health check's name; <c>ses-transport</c> (or <c>ses-transport-{key}</c>) when <see langword="null"/>.</param>
    /// <param name="failureStatus">The status when no transport is reachable; <see cref="HealthStatus.Unhealthy"/> when <see langword="null"/>.</param>
    /// <param name="tags">Tags to filter health checks by.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IHealthChecksBuilder AddSesTransport(
        this IHealthChecksBuilder builder, string? serviceKey = null, string? name = null, HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var sender = serviceKey ?? Options.Options.DefaultName;
        var registration = new HealthCheckRegistration(
            name ?? (serviceKey is null ? "ses-transport" : "ses-transport-" + serviceKey),
            sp => new SesTransportHealthCheck(sender, sp.GetRequiredService<SesSenderFactory>(), sp.GetService<Logging.ILoggerFactory>()),
            failureStatus,
            tags);

        // Like builder.Add, but a second registration under the same name is ignored instead of failing every check run.
        builder.Services.Configure<HealthCheckServiceOptions>(options =>
        {
            if (!options.Registrations.Any(r => string.Equals(r.Name, registration.Name, StringComparison.OrdinalIgnoreCase)))
            {
                options.Registrations.Add(registration);
            }
        });
        return builder;
    }
}
