using Microsoft.Extensions.Options;

namespace Ses.Transport.DependencyInjection.Internal;

/// <summary>
/// Fills the defaults that binding cannot (bound lists are appended to, so their defaults must come after): the
/// transports default to HTTPS alone, and the policy's failover order to the transports' order.
/// </summary>
internal sealed class SesTransportOptionsDefaults : IPostConfigureOptions<SesTransportOptions>
{
    public void PostConfigure(string? name, SesTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Transports.Count == 0)
        {
            options.Transports.Add(SesTransportKind.Https);
        }

        if (options.Policy.Transports.Count == 0)
        {
            foreach (var kind in options.Transports.Distinct())
            {
                options.Policy.Transports.Add(kind.ToString());
            }
        }
    }
}
