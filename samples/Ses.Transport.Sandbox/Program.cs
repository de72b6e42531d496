// The Ses.Transport sandbox as a program: a local SES (HTTPS API, SMTP STARTTLS, SMTP over TLS) on 127.0.0.1
// until Ctrl+C. Options: --region <name>, --api-port <n>, --starttls-port <n>, --tls-wrapper-port <n> (0 = free port).
using System.Globalization;
using System.Runtime.InteropServices;
using Ses.Transport.Testing;

var options = new SesSandboxOptions();
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--region":
            options.Region = Next();
            break;
        case "--api-port":
            options.ApiPort = int.Parse(Next(), CultureInfo.InvariantCulture);
            break;
        case "--starttls-port":
            options.StartTlsSmtpPort = int.Parse(Next(), CultureInfo.InvariantCulture);
            break;
        case "--tls-wrapper-port":
            options.TlsWrapperSmtpPort = int.Parse(Next(), CultureInfo.InvariantCulture);
            break;
        case "-h" or "--help":
            Console.WriteLine("Usage: dotnet run --project samples/Ses.Transport.Sandbox [-- --region us-east-1 --api-port 0 --starttls-port 0 --tls-wrapper-port 0]");
            return 0;
        default:
            Console.Error.WriteLine($"error: unknown argument '{args[i]}' (try --help)");
            return 2;
    }
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

SesSandbox sandbox;
try
{
    sandbox = await SesSandbox.StartAsync(options, stop.Token);
}
catch (Exception ex) when (ex is ArgumentException or System.Net.Sockets.SocketException or IOException or OperationCanceledException)
{
    Console.Error.WriteLine($"error: the sandbox could not start: {ex.Message}");
    return 1;
}

await using (sandbox)
{
    // These are the sandbox's own generated credentials, valid nowhere else; printing them is the point.
    Console.WriteLine("Ses.Transport sandbox (a local Amazon SES) is running.");
    Console.WriteLine($"  HTTPS API          {sandbox.ApiEndpoint}");
    Console.WriteLine($"  SMTP STARTTLS      {sandbox.StartTlsSmtpEndpoint}");
    Console.WriteLine($"  SMTP TLS wrapper   {sandbox.TlsWrapperSmtpEndpoint}");
    Console.WriteLine($"  Region             {sandbox.Region}");
    Console.WriteLine($"  Access key id      {sandbox.Credentials.AccessKeyId}");
    Console.WriteLine($"  Secret access key  {sandbox.Credentials.SecretAccessKey}");
    Console.WriteLine($"  SMTP user name     {sandbox.SmtpCredentials.UserName}");
    Console.WriteLine($"  SMTP password      {sandbox.SmtpCredentials.Password}");
    Console.WriteLine($"  CA certificate     {sandbox.CertificateAuthorityPath}");
    Console.WriteLine($"  Web page           {sandbox.WebPage}");
    Console.WriteLine("Trust the CA certificate in your client (for Node: NODE_EXTRA_CA_CERTS=<CA certificate>).");
    Console.WriteLine("Press Ctrl+C to stop.");

    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
    }

    Console.WriteLine("Stopping.");
}

return 0;
