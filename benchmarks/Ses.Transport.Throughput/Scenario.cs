namespace Ses.Transport.Throughput;

/// <summary>What a scenario measures.</summary>
internal enum ScenarioKind
{
    /// <summary>N small messages at concurrency C: messages/s, latency, CPU per message.</summary>
    Throughput,

    /// <summary>One large message: peak memory against the message size.</summary>
    LargeMessage,
}

/// <summary>One row of the results: a client, how it is driven, and where it runs.</summary>
/// <param name="Name">The name in the table and on the command line.</param>
/// <param name="Description">What the row is.</param>
/// <param name="Kind">Throughput or large message.</param>
/// <param name="Runner">Who runs it: <c>dotnet</c> (a worker process of this program) or <c>node</c> (a script in benchmarks/peers).</param>
/// <param name="Pending">Why the scenario cannot run yet, or <see langword="null"/>.</param>
internal sealed record Scenario(string Name, string Description, ScenarioKind Kind, string Runner, string? Pending = null)
{
    public const string MailKitConnectPerMessage = "mailkit-connect-per-message";
    public const string MailKitOnePersistent = "mailkit-1-persistent";
    public const string MailKitFourPersistent = "mailkit-4-persistent";
    public const string StartTlsPool4 = "starttls-pool4";
    public const string StartTlsPool4NoRecycle = "starttls-pool4-no-recycle";
    public const string TlsWrapperPool4 = "tlswrapper-pool4";
    public const string NodemailerPool4 = "nodemailer-pool4";
    public const string HttpsConcurrency4 = "https-concurrency4";
    public const string NodemailerSes = "nodemailer-ses";
    public const string AwsSdkSesV2 = "aws-sdk-sesv2";
    public const string LargeMailKit = "large-mailkit";
    public const string LargeStartTls = "large-starttls";
    public const string LargeTlsWrapper = "large-tlswrapper";
    public const string LargeHttps = "large-https";

    private const string HttpsPending = "waits for HttpsTransport and the sandbox's HTTPS endpoint";

    /// <summary>
    /// Every scenario, in table order. The HTTPS rows are placeholders: when <c>HttpsTransport</c> and the sandbox land,
    /// implement them in <see cref="HttpsScenarios"/> (the .NET side) and <c>benchmarks/peers/ses-clients.js</c>
    /// (Nodemailer's SES transport and @aws-sdk/client-sesv2, trusting the sandbox CA via NODE_EXTRA_CA_CERTS), and
    /// clear <see cref="Pending"/>.
    /// </summary>
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new(MailKitConnectPerMessage, "MailKit, connect + STARTTLS + AUTH per message", ScenarioKind.Throughput, "dotnet"),
        new(MailKitOnePersistent, "MailKit, 1 persistent connection, 1 worker", ScenarioKind.Throughput, "dotnet"),
        new(MailKitFourPersistent, "MailKit, 4 persistent connections, 4 workers", ScenarioKind.Throughput, "dotnet"),
        new(StartTlsPool4, "StartTlsSmtpTransport, pool 4", ScenarioKind.Throughput, "dotnet"),
        new(StartTlsPool4NoRecycle, "StartTlsSmtpTransport, pool 4, MaxMessagesPerConnection 1,000,000 (isolates the reconnect every 100 messages)", ScenarioKind.Throughput, "dotnet"),
        new(TlsWrapperPool4, "TlsWrapperSmtpTransport, pool 4", ScenarioKind.Throughput, "dotnet"),
        new(NodemailerPool4, "Nodemailer SMTP pool of 4 (raw message)", ScenarioKind.Throughput, "node"),
        new(HttpsConcurrency4, "HttpsTransport, concurrency 4", ScenarioKind.Throughput, "dotnet", HttpsPending),
        new(NodemailerSes, "Nodemailer SES transport, concurrency 4", ScenarioKind.Throughput, "node", HttpsPending),
        new(AwsSdkSesV2, "@aws-sdk/client-sesv2, concurrency 4", ScenarioKind.Throughput, "node", HttpsPending),
        new(LargeMailKit, "MailKit, 1 connection", ScenarioKind.LargeMessage, "dotnet"),
        new(LargeStartTls, "StartTlsSmtpTransport", ScenarioKind.LargeMessage, "dotnet"),
        new(LargeTlsWrapper, "TlsWrapperSmtpTransport", ScenarioKind.LargeMessage, "dotnet"),
        new(LargeHttps, "HttpsTransport", ScenarioKind.LargeMessage, "dotnet", HttpsPending),
    ];
}
