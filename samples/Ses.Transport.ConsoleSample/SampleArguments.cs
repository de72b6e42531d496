namespace Ses.Transport.ConsoleSample;

/// <summary>The sample's command line: no arguments runs everything against a local sandbox.</summary>
internal sealed class SampleArguments
{
    public const string Usage = """
        usage: Ses.Transport.ConsoleSample [--region <region> --from <address> --to <address>
                                            [--require-set <name>] [--optional-set <name>]]

          no arguments   start a local SES sandbox in this process and send through all three transports
          --region       send to real Amazon SES in that region instead; credentials come from the
                         environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), a profile,
                         or the container / instance metadata, in that order
          --from         a verified SES identity (required with --region)
          --to           the recipient (required with --region; in the SES sandbox it must be verified too)
          --require-set  configuration set to create or update with TlsPolicy REQUIRE (default: none)
          --optional-set configuration set to create or update with TlsPolicy OPTIONAL (default: none)
        """;

    public string? Region { get; private init; }

    public string? From { get; private init; }

    public string? To { get; private init; }

    public string? RequireSet { get; private init; }

    public string? OptionalSet { get; private init; }

    public bool Help { get; private init; }

    /// <summary>Parses the arguments; on a mistake returns <see langword="null"/> and says what is wrong.</summary>
    public static SampleArguments? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                return new SampleArguments { Help = true };
            }

            if (name is not ("--region" or "--from" or "--to" or "--require-set" or "--optional-set"))
            {
                error = $"unknown argument '{name}'";
                return null;
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                error = $"{name} needs a value";
                return null;
            }

            values[name] = args[++i];
        }

        var parsed = new SampleArguments
        {
            Region = values.GetValueOrDefault("--region"),
            From = values.GetValueOrDefault("--from"),
            To = values.GetValueOrDefault("--to"),
            RequireSet = values.GetValueOrDefault("--require-set"),
            OptionalSet = values.GetValueOrDefault("--optional-set"),
        };

        if (parsed.Region is null && values.Count > 0)
        {
            error = "--from, --to and the configuration sets apply to real SES only: add --region";
            return null;
        }

        if (parsed.Region is not null && (parsed.From is null || parsed.To is null))
        {
            error = "--region needs --from (a verified identity) and --to";
            return null;
        }

        return parsed;
    }
}
