namespace Ses.Transport.Credentials.Internal;

/// <summary>One profile's properties, with the line each was set on.</summary>
internal sealed class AwsProfile
{
    private readonly Dictionary<string, (string Value, int Line)> _properties = new(StringComparer.OrdinalIgnoreCase);

    public AwsProfile(string name, int line)
    {
        Name = name;
        Line = line;
    }

    public string Name { get; }

    /// <summary>The line of the section header.</summary>
    public int Line { get; }

    public bool Has(string key) => _properties.ContainsKey(key);

    /// <summary>The value of <paramref name="key"/> (empty values count as unset), or <see langword="null"/>.</summary>
    public string? Get(string key) =>
        _properties.TryGetValue(key, out var entry) && entry.Value.Length > 0 ? entry.Value : null;

    /// <summary>The line <paramref name="key"/> was set on, or the section's line.</summary>
    public int LineOf(string key) => _properties.TryGetValue(key, out var entry) ? entry.Line : Line;

    internal void Set(string key, string value, int line) => _properties[key] = (value, line);

    internal void Append(string key, string continuation)
    {
        var (value, line) = _properties[key];
        _properties[key] = (value + "\n" + continuation, line);
    }
}
