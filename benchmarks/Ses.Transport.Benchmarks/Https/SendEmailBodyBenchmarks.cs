using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using MimeKit;
using Ses.Transport.Https.Internal;

namespace Ses.Transport.Benchmarks.Https;

/// <summary>
/// Building the <c>SendEmail</c> request body of a 1 KB, 1 MB and 30 MB MIME message, payload hash included, through
/// the transport's own path (<see cref="SendEmailMessage.Prepare"/> + <see cref="SendEmailRequestBody.Create"/>:
/// base64 written straight into one pooled buffer). Baseline: the straightforward way (MIME to a
/// <see cref="MemoryStream"/>, <see cref="Convert.ToBase64String(byte[])"/>, <see cref="JsonSerializer"/> to a string,
/// UTF-8 bytes, <see cref="SHA256.HashData(byte[])"/>).
/// <para>
/// "Allocated" is the steady state (the pooled buffer is reused). "Peak" is what one body costs in a fresh process
/// (the first call of this size, pool empty, after one call on a tiny message has paid for type initialisation): every
/// byte allocated during that call, measured with
/// <see cref="GC.GetTotalAllocatedBytes(bool)"/> — an upper bound of the memory held at once. "Peak/base64" divides it
/// by the base64 size of the MIME message. Target: at most 2.5 for 30 MB.
/// </para>
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PeakConfig))]
public class SendEmailBodyBenchmarks
{
    private MimeMessage _message = null!;

    /// <summary>The MIME size of the message in bytes (approximately: a text part plus one attachment).</summary>
    [Params(1024, 1024 * 1024, 30 * 1024 * 1024)]
    public int Size { get; set; }

    /// <summary>Builds the message and measures one cold call of the benchmark about to run.</summary>
    [GlobalSetup(Target = nameof(Straightforward))]
    public void SetupStraightforward() => Setup(nameof(Straightforward), () => Straightforward().Length);

    /// <summary>Builds the message and measures one cold call of the benchmark about to run.</summary>
    [GlobalSetup(Target = nameof(TransportBody))]
    public void SetupTransportBody() => Setup(nameof(TransportBody), () => TransportBody());

    /// <summary>The straightforward way: every stage its own full-size copy.</summary>
    [Benchmark(Baseline = true)]
    public byte[] Straightforward()
    {
        using var mime = new MemoryStream();
        _message.WriteTo(SendEmailMessage.Format, mime);
        var request = new StraightforwardRequest
        {
            Content = new StraightforwardContent { Raw = new StraightforwardRaw { Data = Convert.ToBase64String(mime.ToArray()) } },
            Destination = new SesDestination { ToAddresses = ["recipient@example.com"] },
        };
        var json = JsonSerializer.Serialize(request, StraightforwardJsonContext.Default.StraightforwardRequest);
        var body = Encoding.UTF8.GetBytes(json);
        var hash = SHA256.HashData(body);
        return hash[0] == 0 ? body : body; // keep the hash observable
    }

    /// <summary>The transport's path: prepare, encode into one pooled buffer, hash once, release.</summary>
    [Benchmark]
    public int TransportBody()
    {
        var (outgoing, fields) = SendEmailMessage.Prepare(_message, configurationSet: null);
        using var body = SendEmailRequestBody.Create(outgoing, fields);
        return body.Body.Length + body.PayloadSha256[0];
    }

    private void Setup(string method, Func<int> coldCall)
    {
        _message = CreateMessage(Size);
        long mimeBytes;
        using (var counter = new MemoryStream())
        {
            _message.WriteTo(SendEmailMessage.Format, counter);
            mimeBytes = counter.Length;
        }

        // One call on a tiny message first (another pool bucket): type initialisation and JSON metadata are paid once per
        // process and are not part of what a body costs.
        var measured = _message;
        _message = CreateMessage(1);
        _ = coldCall();
        _message = measured;

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        _ = coldCall();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        var base64 = (mimeBytes + 2) / 3 * 4;
        PeakConfig.Write(method, Size, allocated, base64);
    }

    private static MimeMessage CreateMessage(int size)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Sender", "sender@example.com"));
        message.To.Add(new MailboxAddress("Recipient", "recipient@example.com"));
        message.Subject = "Body benchmark";
        var text = new TextPart("plain") { Text = "Hello." };
        if (size <= 4096)
        {
            text.Text = new string('x', Math.Max(1, size - 400));
            message.Body = text;
            return message;
        }

        // Base64 in MIME is 4/3 of the attachment plus line breaks (2 per 76): attachment ≈ size × 0.73.
        var attachment = new byte[(int)(size * 0.73)];
        new Random(42).NextBytes(attachment);
        var part = new MimePart("application", "octet-stream")
        {
            Content = new MimeContent(new MemoryStream(attachment)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = "data.bin",
        };
        message.Body = new Multipart("mixed") { text, part };
        return message;
    }

    /// <summary>Adds the "Peak" and "Peak/base64" columns, read from files the benchmark processes write.</summary>
    private sealed class PeakConfig : ManualConfig
    {
        private static readonly string Directory = Path.Combine(Path.GetTempPath(), "ses-transport-benchmarks", "send-email-body");

        public PeakConfig()
        {
            AddColumn(new PeakColumn("Peak", ratio: false), new PeakColumn("Peak/base64", ratio: true));

            // The benchmark project is rebuilt per run; on a busy two-core machine that takes longer than the default 2 minutes.
            WithBuildTimeout(TimeSpan.FromMinutes(10));
        }

        public static void Write(string method, int size, long allocated, long base64)
        {
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllText(PathOf(method, size), $"{allocated} {base64}");
        }

        private static string PathOf(string method, int size) => Path.Combine(Directory, $"{method}-{size}.txt");

        private sealed class PeakColumn(string name, bool ratio) : IColumn
        {
            public string Id => nameof(PeakColumn) + name;

            public string ColumnName => name;

            public bool AlwaysShow => true;

            public ColumnCategory Category => ColumnCategory.Custom;

            public int PriorityInCategory => ratio ? 1 : 0;

            public bool IsNumeric => true;

            public UnitType UnitType => ratio ? UnitType.Dimensionless : UnitType.Size;

            public string Legend => ratio
                ? "Peak divided by the base64 size of the MIME message"
                : "Bytes allocated by one call in a fresh process (pool empty): upper bound of the memory held at once";

            public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

            public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
            {
                var size = (int)benchmarkCase.Parameters[nameof(Size)];
                var path = PathOf(benchmarkCase.Descriptor.WorkloadMethod.Name, size);
                if (!File.Exists(path))
                {
                    return "?";
                }

                var parts = File.ReadAllText(path).Split(' ');
                var allocated = long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
                var base64 = long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
                return ratio
                    ? ((double)allocated / base64).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)
                    : (allocated / 1024.0).ToString("#,0.0 'KB'", System.Globalization.CultureInfo.InvariantCulture);
            }

            public bool IsAvailable(Summary summary) => true;

            public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        }
    }
}

/// <summary>The straightforward request shape for the baseline.</summary>
internal sealed class StraightforwardRequest
{
    public required StraightforwardContent Content { get; init; }

    public SesDestination? Destination { get; init; }
}

/// <summary><c>Content</c>.</summary>
internal sealed class StraightforwardContent
{
    public required StraightforwardRaw Raw { get; init; }
}

/// <summary><c>Raw</c>.</summary>
internal sealed class StraightforwardRaw
{
    public required string Data { get; init; }
}

/// <summary>Source-generated JSON for the baseline shape.</summary>
[JsonSerializable(typeof(StraightforwardRequest))]
internal sealed partial class StraightforwardJsonContext : JsonSerializerContext;
