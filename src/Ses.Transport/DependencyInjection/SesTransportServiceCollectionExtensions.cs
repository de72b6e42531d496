using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ses.Transport;
using Ses.Transport.DependencyInjection;
using Ses.Transport.DependencyInjection.Internal;
using Ses.Transport.Https.Internal;
using Ses.Transport.Policy;

#pragma warning disable IDE0130 // Namespace does not match folder structure: DI entry points live where users look for them.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers Ses.Transport: an <see cref="ISesTransport"/> that applies the configured <see cref="DeliveryPolicy"/>
/// over the configured transports (a <see cref="PolicyDrivenTransport"/>), with options bound from configuration and
/// validated at start-up, HTTPS through <c>IHttpClientFactory</c>, and <see cref="ILoggerFactory"/>,
/// <see cref="System.Diagnostics.Metrics.IMeterFactory"/> and <see cref="TimeProvider"/> from the container.
/// </summary>
/// <remarks>
/// Registrations use <c>TryAdd*</c>: calling a method again for the same sender adds nothing twice (the same
/// configuration section is bound once). Options are validated by <c>ValidateOnStart</c>; messages name the setting
/// by its configuration path.
/// </remarks>
public static class SesTransportServiceCollectionExtensions
{
    /// <summary>Registers the sender configured by <paramref name="configuration"/> (for example <c>builder.Configuration.GetSection("SesTransport")</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section bound to <see cref="SesTransportOptions"/>.</param>
    /// <returns>A builder for further configuration.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static SesTransportBuilder AddSesTransport(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return Register(services, serviceKey: null, configuration, configure: null);
    }

    /// <summary>Registers the sender configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder for further configuration.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static SesTransportBuilder AddSesTransport(this IServiceCollection services, Action<SesTransportOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, serviceKey: null, configuration: null, configure);
    }

    /// <summary>
    /// Registers a second, differently configured sender as a keyed <see cref="ISesTransport"/> (resolve it with
    /// <c>[FromKeyedServices("key")]</c> or <c>GetRequiredKeyedService&lt;ISesTransport&gt;("key")</c>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The service key, also the options name.</param>
    /// <param name="configuration">The configuration section bound to <see cref="SesTransportOptions"/>.</param>
    /// <returns>A builder for further configuration.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="serviceKey"/> is empty.</exception>
    public static SesTransportBuilder AddKeyedSesTransport(this IServiceCollection services, string serviceKey, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceKey);
        ArgumentNullException.ThrowIfNull(configuration);
        return Register(services, serviceKey, configuration, configure: null);
    }

    /// <summary>Registers a second, differently configured sender, configured in code, as a keyed <see cref="ISesTransport"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The service key, also the options name.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder for further configuration.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="serviceKey"/> is empty.</exception>
    public static SesTransportBuilder AddKeyedSesTransport(this IServiceCollection services, string serviceKey, Action<SesTransportOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceKey);
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, serviceKey, configuration: null, configure);
    }

    private static SesTransportBuilder Register(IServiceCollection services, string? serviceKey, IConfiguration? configuration, Action<SesTransportOptions>? configure)
    {
        var name = serviceKey ?? Options.Options.DefaultName;
        var registry = SesTransportRegistry.GetOrAdd(services);
        var path = configuration is IConfigurationSection section ? section.Path : SesTransportRegistry.DefaultPath + (serviceKey is null ? string.Empty : ":" + serviceKey);
        var first = registry.Add(name, path);

        var options = services.AddOptions<SesTransportOptions>(name);
        if (configuration is not null && registry.MarkBound(name, configuration is IConfigurationSection bound ? bound.Path : "(root)"))
        {
            options.Bind(configuration);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (first)
        {
            options.ValidateOnStart();
            AddShared(services);
            var builder = services.AddHttpClient(SenderSettings.HttpClientName(name), client => client.Timeout = Timeout.InfiniteTimeSpan);
            builder.ConfigurePrimaryHttpMessageHandler(sp =>
            {
                // The handler of every client rotation gets the sender's TLS settings and reports to its TLS state.
                var sender = sp.GetRequiredService<SesSenderFactory>().Get(name);
                var handler = new SocketsHttpHandler();
                SesHttpHandler.Configure(handler, sender.HttpsOptions, sender.TlsState);
                return handler;
            });

            if (serviceKey is null)
            {
                services.TryAddSingleton(sp => sp.GetRequiredService<SesSenderFactory>().CreateTransport(name));
                services.TryAddSingleton(sp => sp.GetRequiredService<SesSenderFactory>().Get(name).KnownSets);
            }
            else
            {
                services.TryAddKeyedSingleton(serviceKey, (sp, _) => sp.GetRequiredService<SesSenderFactory>().CreateTransport(name));
                services.TryAddKeyedSingleton(serviceKey, (sp, _) => sp.GetRequiredService<SesSenderFactory>().Get(name).KnownSets);
            }
        }

        return new SesTransportBuilder(services, serviceKey);
    }

    private static void AddShared(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SesSenderFactory>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<SesTransportOptions>, SesTransportOptionsDefaults>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SesTransportOptions>, SesTransportOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ConfigurationSetStartupCheck>());
    }
}
