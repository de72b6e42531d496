using System.Security.Authentication;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Ses.Transport.Diagnostics;
using Ses.Transport.Internal;
using Ses.Transport.Smtp;
using Ses.Transport.Smtp.Internal;

namespace Ses.Transport.Benchmarks.Smtp;

/// <summary>
/// What the library adds to every SMTP send before MailKit touches the network, on a 2 KB message: envelope checks,
/// configuration set, the size measurement (one serialization), the resilience pipeline (timeout + retry), metrics,
/// activity and receipt. Baseline: one serialization of the same message, which MailKit itself makes for the SIZE
/// parameter. The difference is the library's own CPU cost per message, to set beside the client CPU per message
/// of the throughput harness (about 0.5 ms for raw MailKit over TLS on this machine).
/// </summary>
[MemoryDiagnoser]
public class SendPipelineBenchmarks
{
    private MimeMessage _message = null!;
    private SendPipeline _pipeline = null!;

    [GlobalSetup]
    public void Setup()
    {
        _message = new MimeMessage();
        _message.From.Add(new MailboxAddress("Bench Sender", "bench@example.com"));
        _message.To.Add(new MailboxAddress("Sink", "sink@example.net"));
        _message.Subject = "Throughput probe";
        _message.Body = new TextPart("plain") { Text = string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs.\r\n", 22)) };
        var options = new StartTlsSmtpTransportOptions { Host = "127.0.0.1", Port = 2587, Credentials = new("user", "password") };
        _pipeline = new SendPipeline(SesTransportKind.StartTlsSmtp, options, TimeProvider.System, NullLogger.Instance, SesTransportMetrics.Create(null));
    }

    [Benchmark(Baseline = true)]
    public long SerializeOnce() => MessageValidator.MeasureSize(_message, CancellationToken.None);

    [Benchmark]
    public Task<SendReceipt> LibraryPipeline() =>
        _pipeline.SendAsync(
            _message,
            (_, token) =>
            {
                var outgoing = SmtpTransportCore.WithConfigurationSet(_message, _pipeline.ResolveConfigurationSet(_message));
                var size = MessageValidator.MeasureSize(outgoing, token);
                MessageValidator.ValidateSize(size);
                return ValueTask.FromResult(new AttemptResult("id", SslProtocols.Tls13, null, size));
            },
            CancellationToken.None);
}
