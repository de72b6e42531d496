using Microsoft.Extensions.DependencyInjection;

namespace Ses.Transport.DependencyInjection.Internal;

/// <summary>
/// The senders registered in one service collection: options name → configuration path (for validation messages)
/// and the configuration sections already bound (so a second <c>AddSesTransport(section)</c> binds nothing twice).
/// One instance per service collection, found again by <see cref="GetOrAdd"/>.
/// </summary>
internal sealed class SesTransportRegistry
{
    /// <summary>The configuration path used in messages when the options were configured in code.</summary>
    public const string DefaultPath = "SesTransport";

    private readonly Dictionary<string, Sender> _senders = new(StringComparer.Ordinal);

    /// <summary>The names of every registered sender (<see cref="Microsoft.Extensions.Options.Options.DefaultName"/> for the unkeyed one).</summary>
    public IReadOnlyCollection<string> Names
    {
        get
        {
            lock (_senders)
            {
                return [.. _senders.Keys];
            }
        }
    }

    /// <summary>The registry of <paramref name="services"/>, added on first use.</summary>
    public static SesTransportRegistry GetOrAdd(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(SesTransportRegistry) && !descriptor.IsKeyedService && descriptor.ImplementationInstance is SesTransportRegistry existing)
            {
                return existing;
            }
        }

        var registry = new SesTransportRegistry();
        services.AddSingleton(registry);
        return registry;
    }

    /// <summary>Registers sender <paramref name="name"/>; returns <see langword="false"/> when it already was.</summary>
    public bool Add(string name, string path)
    {
        lock (_senders)
        {
            if (_senders.ContainsKey(name))
            {
                return false;
            }

            _senders[name] = new Sender(path);
            return true;
        }
    }

    /// <summary>Records that <paramref name="sectionPath"/> is bound for <paramref name="name"/>; <see langword="false"/> when it already was.</summary>
    public bool MarkBound(string name, string sectionPath)
    {
        lock (_senders)
        {
            return _senders[name].BoundSections.Add(sectionPath);
        }
    }

    /// <summary>The configuration path of sender <paramref name="name"/>, for messages.</summary>
    public string PathOf(string name)
    {
        lock (_senders)
        {
            return _senders.TryGetValue(name, out var sender) ? sender.Path : DefaultPath;
        }
    }

    private sealed class Sender(string path)
    {
        public string Path { get; } = path;

        public HashSet<string> BoundSections { get; } = new(StringComparer.OrdinalIgnoreCase);
    }
}
