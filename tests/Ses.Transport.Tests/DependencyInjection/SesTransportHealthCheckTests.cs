using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Ses.Transport.Tests.Shared;
using Ses.Transport.Tests.Smtp;
using Ses.Transport.Tests.Smtp.Peers;

namespace Ses.Transport.Tests.DependencyInjection;

public sealed class SesTransportHealthCheckTests
{
    [Fact]
    public async Task CheckHealthAsync_EveryTransportReachesItsEndpoint_Healthy()
    {
        await using var api = await FakeSesApi.StartAsync();
        await using var smtp = await InProcessSmtpServer.StartAsync();
        await using var provider = Provider(api.BaseUri, smtp.StartTlsPort, smtp.ImplicitTlsPort);

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        var entry = Assert.Single(report.Entries);
        Assert.Equal("ses-transport", entry.Key);
        Assert.Equal(HealthStatus.Healthy, entry.Value.Status);
        Assert.Contains("GET /v2/email/account", api.Operations);
        Assert.Equal(2, smtp.SessionsCreated);
        Assert.Equal(2, smtp.Commands.Count(c => c.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase)));
        Assert.True(await smtp.WaitUntilAsync(s => s.Commands.Count(c => c.StartsWith("QUIT", StringComparison.OrdinalIgnoreCase)) == 2));
        Assert.Equal(0, smtp.SaveCalls);
    }

    [Fact]
    public async Task CheckHealthAsync_EveryEndpointClosed_UnhealthyNamingEachTransport()
    {
        await using var provider = Provider(new Uri($"https://127.0.0.1:{FreePort.Next()}/"), FreePort.Next(), FreePort.Next());

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        var entry = Assert.Single(report.Entries).Value;
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("Https: SesConnectionException", entry.Description, StringComparison.Ordinal);
        Assert.Contains("StartTlsSmtp: SesConnectionException", entry.Description, StringComparison.Ordinal);
        Assert.Contains("TlsWrapperSmtp: SesConnectionException", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_ApiReachableSmtpClosed_Degraded()
    {
        await using var api = await FakeSesApi.StartAsync();
        await using var provider = Provider(api.BaseUri, FreePort.Next(), FreePort.Next());

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        var entry = Assert.Single(report.Entries).Value;
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal("reachable", entry.Data["Https"]);
        Assert.Equal("SesConnectionException", entry.Data["StartTlsSmtp"]);
    }

    [Fact]
    public async Task CheckHealthAsync_SmtpRefusesTheCredentials_UnhealthyWithoutTheSecret()
    {
        await using var smtp = await InProcessSmtpServer.StartAsync();
        var settings = SmtpOnly(smtp.StartTlsPort, ("Credentials:SmtpUserName", SmtpTest.User), ("Credentials:SmtpPassword", "wrong-smtp-password-value"));
        await using var provider = Build(settings, b => b.AddHealthCheck());

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        var entry = Assert.Single(report.Entries).Value;
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.IsType<SesAuthenticationException>(entry.Exception);
        Assert.DoesNotContain("wrong-smtp-password-value", entry.Description + entry.Exception!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSesTransport_HealthChecksBuilderForKeyedSender_ChecksThatSender()
    {
        await using var smtp = await InProcessSmtpServer.StartAsync();
        var configuration = DiTest.Configuration(SmtpOnly(smtp.StartTlsPort));
        var services = new ServiceCollection();
        services.AddKeyedSesTransport("alerts", configuration.GetSection(DiTest.Section));
        services.AddHealthChecks().AddSesTransport("alerts", failureStatus: HealthStatus.Degraded);
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Healthy, report.Entries["ses-transport-alerts"].Status);
        Assert.Equal(1, smtp.SessionsCreated);
    }

    private static Dictionary<string, string?> SmtpOnly(int port, params (string Key, string? Value)[] extra) =>
        DiTest.Settings([("Transports:0", "StartTlsSmtp"), ("StartTlsSmtp:Host", "127.0.0.1"), ("StartTlsSmtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. extra]);

    private static ServiceProvider Provider(Uri api, int startTlsPort, int tlsWrapperPort)
    {
        var settings = DiTest.Settings(
            ("Transports:0", "Https"),
            ("Transports:1", "StartTlsSmtp"),
            ("Transports:2", "TlsWrapperSmtp"),
            ("Https:ServiceUrl", api.ToString()),
            ("StartTlsSmtp:Host", "127.0.0.1"),
            ("StartTlsSmtp:Port", startTlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("TlsWrapperSmtp:Host", "127.0.0.1"),
            ("TlsWrapperSmtp:Port", tlsWrapperPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Retry:MaxRetryAttempts", "0"));
        return Build(settings, b => b.AddHealthCheck());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<Ses.Transport.DependencyInjection.SesTransportBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        configure(services.AddSesTransport(DiTest.Configuration(settings).GetSection(DiTest.Section)));
        return services.BuildServiceProvider();
    }
}
