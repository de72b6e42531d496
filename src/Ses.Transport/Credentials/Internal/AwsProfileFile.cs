namespace Ses.Transport.Credentials.Internal;

/// <summary>
/// A parsed AWS shared credentials or config file (the INI dialect of the AWS SDKs and Tools Reference Guide,
/// "Shared config and credentials files"). Errors name the file and the line, never the line's text.
/// </summary>
internal sealed class AwsProfileFile
{
    /// <summary>Larger files are refused: the real ones are a few KiB, and a device or a huge file must not hang the chain.</summary>
    internal const int MaxChars = 1024 * 1024;

    private const string Description = "the AWS profile file";

    private readonly Dictionary<string, AwsProfile> _profiles;

    private AwsProfileFile(string path, Dictionary<string, AwsProfile> profiles)
    {
        FilePath = path;
        _profiles = profiles;
    }

    public string FilePath { get; }

    /// <summary>The profile named <paramref name="name"/> (profile names are case-sensitive), or <see langword="null"/>.</summary>
    public AwsProfile? Find(string name) => _profiles.GetValueOrDefault(name);

    /// <summary>Reads and parses the file; <see langword="null"/> when there is no file.</summary>
    /// <exception cref="AwsCredentialsException">The file is unreadable, too large or malformed.</exception>
    public static async ValueTask<AwsProfileFile?> LoadAsync(string path, AwsProfileFileKind kind, CancellationToken cancellationToken) =>
        File.Exists(path) ? Parse(path, await BoundedFile.ReadTextAsync(path, MaxChars, Description, cancellationToken).ConfigureAwait(false), kind) : null;

    /// <summary>Reads and parses the file synchronously; <see langword="null"/> when there is no file.</summary>
    /// <exception cref="AwsCredentialsException">The file is unreadable, too large or malformed.</exception>
    public static AwsProfileFile? Load(string path, AwsProfileFileKind kind) =>
        File.Exists(path) ? Parse(path, BoundedFile.ReadText(path, MaxChars, Description), kind) : null;

    /// <summary>Parses file text. A section that appears twice is merged; a later key overrides an earlier one.</summary>
    /// <exception cref="AwsCredentialsException">A line is not a comment, a <c>[section]</c>, a <c>name = value</c> or a continuation.</exception>
    public static AwsProfileFile Parse(string path, string text, AwsProfileFileKind kind)
    {
        var profiles = new Dictionary<string, AwsProfile>(StringComparer.Ordinal);
        AwsProfile? section = null;
        string? lastKey = null;
        var lineNumber = 0;

        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.IsEmpty || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                var close = line.IndexOf(']');
                if (close < 0)
                {
                    throw Malformed(path, lineNumber, "a section header without a closing ']'");
                }

                var rest = line[(close + 1)..].TrimStart();
                if (!rest.IsEmpty && rest[0] is not ('#' or ';'))
                {
                    throw Malformed(path, lineNumber, "text after a section header");
                }

                var name = line[1..close].Trim();
                if (name.IsEmpty)
                {
                    throw Malformed(path, lineNumber, "an empty section name");
                }

                var profileName = ProfileName(name, kind);
                if (profileName is null)
                {
                    // A section that is not a profile ([sso-session x], [services y] in the config file): parsed, not kept.
                    section = new AwsProfile(name.ToString(), lineNumber);
                }
                else if (!profiles.TryGetValue(profileName, out section))
                {
                    section = new AwsProfile(profileName, lineNumber);
                    profiles.Add(profileName, section);
                }

                lastKey = null;
                continue;
            }

            // An indented line after a property continues it (the SDKs' nested "s3 =\n  key = value" form).
            if (char.IsWhiteSpace(rawLine[0]) && section is not null && lastKey is not null)
            {
                section.Append(lastKey, line.ToString());
                continue;
            }

            if (section is null)
            {
                throw Malformed(path, lineNumber, "a property before any [section]");
            }

            var equals = line.IndexOf('=');
            if (equals < 0)
            {
                throw Malformed(path, lineNumber, "a line that is neither '[section]' nor 'name = value'");
            }

            var key = line[..equals].Trim();
            if (key.IsEmpty)
            {
                throw Malformed(path, lineNumber, "a property without a name");
            }

            lastKey = key.ToString();
            section.Set(lastKey, line[(equals + 1)..].Trim().ToString(), lineNumber);
        }

        return new AwsProfileFile(path, profiles);
    }

    private static string? ProfileName(ReadOnlySpan<char> sectionName, AwsProfileFileKind kind)
    {
        if (kind == AwsProfileFileKind.Credentials)
        {
            return sectionName.ToString();
        }

        if (sectionName.SequenceEqual("default"))
        {
            return "default";
        }

        const string Prefix = "profile";
        if (sectionName.StartsWith(Prefix, StringComparison.Ordinal) && sectionName.Length > Prefix.Length && char.IsWhiteSpace(sectionName[Prefix.Length]))
        {
            var name = sectionName[Prefix.Length..].Trim();
            return name.IsEmpty ? null : name.ToString();
        }

        return null;
    }

    private static AwsCredentialsException Malformed(string path, int line, string what) =>
        new($"The AWS profile file {path} is malformed at line {line}: {what}.");
}
