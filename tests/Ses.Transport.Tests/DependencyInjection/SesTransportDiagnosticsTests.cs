using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Ses.Transport.Tests.Https.Fixtures;
using Ses.Transport.Tests.Shared;
using Ses.Transport.Tests.Smtp;
using Ses.Transport.Tests.Smtp.Peers;

namespace Ses.Transport.Tests.DependencyInjection;

public sealed class SesTransportDiagnosticsTests
{
    [Fact]
    public async Task SendAsync_ResolvedFromTheContainer_MetersAndLogsThroughTheContainersFactoriesWithoutSecrets()
    {
        await using var api = await FakeSesApi.StartAsync();
        await using var smtp = await InProcessSmtpServer.StartAsync();
        var logs = new RecordingLoggerFactory();
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddSingleton<ILoggerFactory>(logs);
        services.AddSesTransport(DiTest.Configuration(DiTest.Settings(
            ("Transports:0", "Https"),
            ("Transports:1", "StartTlsSmtp"),
            ("Https:ServiceUrl", $"https://127.0.0.1:{FreePort.Next()}/"),
            ("StartTlsSmtp:Host", "127.0.0.1"),
            ("StartTlsSmtp:Port", smtp.StartTlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture)))).GetSection(DiTest.Section));
        await using var provider = services.BuildServiceProvider();
        using var sent = new MetricCollector<long>(provider.GetRequiredService<IMeterFactory>(), "Ses.Transport", "ses.transport.messages.sent");
        using var failovers = new MetricCollector<long>(provider.GetRequiredService<IMeterFactory>(), "Ses.Transport", "ses.transport.policy.failovers");

        await provider.GetRequiredService<ISesTransport>().SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);

        Assert.Equal(1, sent.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, failovers.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Contains(logs.Lines, line => line.Contains("benched", StringComparison.Ordinal));
        Assert.DoesNotContain(SmtpTest.SecretAccessKey, logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(SmtpTest.Password, logs.AllText, StringComparison.Ordinal);
    }
}
