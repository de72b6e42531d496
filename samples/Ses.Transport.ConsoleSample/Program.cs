using Ses.Transport.ConsoleSample;

// The README's main job. No arguments: a local SES sandbox in this process, every transport, every protection,
// and what a REQUIRE configuration set does to a receiver without TLS. --region: the same against real SES.
var arguments = SampleArguments.Parse(args, out var usageError);
if (arguments is null)
{
    Console.Error.WriteLine($"error: {usageError}");
    Console.Error.WriteLine(SampleArguments.Usage);
    return 2;
}

if (arguments.Help)
{
    Console.WriteLine(SampleArguments.Usage);
    return 0;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var progress = new SampleProgress(Console.Error);
try
{
    var rows = arguments.Region is null
        ? await SandboxRun.RunAsync(progress, cancellation.Token)
        : await RealSesRun.RunAsync(arguments, progress, cancellation.Token);
    Console.WriteLine();
    ResultTable.Write(Console.Out, rows);
    return 0;
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    // One clear line: the exception's own message, which the library keeps free of secrets.
    Console.Error.WriteLine();
    Console.Error.WriteLine($"error: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
    return 1;
}
