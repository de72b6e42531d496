using System.Text.Json;
using Ses.Transport.Throughput;

HarnessOptions options;
try
{
    options = HarnessOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(HarnessOptions.Usage);
    return 2;
}

if (options.Worker is { } scenario)
{
    // A worker process: one scenario, one JSON line, so that CPU time and peak memory belong to that scenario alone.
    var result = await new SmtpScenarios(options).RunAsync(scenario);
    Console.WriteLine(JsonSerializer.Serialize(result, HarnessJsonContext.Default.WorkerResult));
    return result.Failed == 0 ? 0 : 1;
}

if (options.Interleaved)
{
    return await new Orchestrator(options).RunInterleavedAsync();
}

return await new Orchestrator(options).RunAsync();
