namespace Ses.Transport.Throughput;

/// <summary>
/// The HTTPS rows, to be filled in when <c>HttpsTransport</c> and the sandbox's HTTPS endpoint exist: start the
/// sandbox (or take its port and CA like the SMTP sink's), send <see cref="HarnessOptions.Messages"/> messages at
/// concurrency 4 through <c>HttpsTransport</c> with the same <see cref="BenchMessages.Small"/> message, and a
/// <see cref="BenchMessages.Large"/> one for peak memory (target: peak at most 2.5x the base64 size). The Node
/// rows (Nodemailer's SES transport, @aws-sdk/client-sesv2; both in benchmarks/peers/package.json already) go in
/// <c>benchmarks/peers/ses-clients.js</c>, printing a <see cref="WorkerResult"/> line like nodemailer-client.js.
/// Counting what arrived then needs the sandbox's own count instead of the SMTP sink's.
/// </summary>
internal static class HttpsScenarios
{
    public static Task<WorkerResult> RunAsync(string scenario) =>
        throw new NotSupportedException($"The scenario {scenario} waits for HttpsTransport and the sandbox.");
}
