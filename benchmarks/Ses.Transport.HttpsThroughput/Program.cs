// HTTPS throughput: N timed messages (default 2,000 of 2 KB) at concurrency C (default 4) through HttpsTransport,
// Nodemailer's SES transport and @aws-sdk/client-sesv2 (benchmarks/peers), all against the same SES sandbox
// endpoint, side by side in one run: the sandbox warmed up first, every client warmed up before each timed part, in
// rounds with the clients' order rotated. The sandbox runs in its own process (samples/Ses.Transport.Sandbox) so
// each client's CPU time is its own; --in-process hosts it here instead (then .NET CPU includes the sandbox's).
//
// Usage: dotnet run -c Release --project benchmarks/Ses.Transport.HttpsThroughput -- [--count N] [--concurrency C]
//        [--size BYTES] [--warmup 5000] [--sandbox-warmup 10000] [--rounds 3] [--smoke] [--in-process] [--no-node]
//        [--sandbox PATH.dll] [--peers DIR]
// --smoke: a few hundred messages; fails (exit 1) unless every client completes and every message arrived.
using System.Globalization;
using Ses.Transport;
using Ses.Transport.HttpsThroughput;

var settings = HarnessSettings.Parse(args);
if (settings is null)
{
    return 2;
}

try
{
    return await Harness.RunAsync(settings);
}
catch (Exception ex) when (ex is HarnessException or SesTransportException or IOException or InvalidOperationException)
{
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"error: {ex.Message}"));
    return 1;
}
