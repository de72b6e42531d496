using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Ses.Transport.DependencyInjection;
using Ses.Transport.Policy;
using Ses.Transport.Tests.Https.Fixtures;

namespace Ses.Transport.Tests.DependencyInjection;

public sealed class SesTransportRegistrationTests
{
    [Fact]
    public async Task AddSesTransport_CalledTwiceWithTheSameSection_RegistersAndBindsOnce()
    {
        var settings = DiTest.Settings(("Policy:Rules:0:Name", "bank"), ("Policy:Rules:0:Recipients:0", "bank.example"), ("Transports:0", "Https"));
        var section = DiTest.Configuration(settings).GetSection(DiTest.Section);
        var services = new ServiceCollection();

        services.AddSesTransport(section);
        var countAfterFirst = services.Count;
        services.AddSesTransport(section);

        Assert.Equal(countAfterFirst, services.Count);
        Assert.Single(services, d => d.ServiceType == typeof(ISesTransport));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<SesTransportOptions>));
        await using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<SesTransportOptions>>().Value;
        Assert.Single(options.Policy.Rules);
        Assert.Equal([SesTransportKind.Https], options.Transports);
        Assert.Same(provider.GetRequiredService<ISesTransport>(), provider.GetRequiredService<ISesTransport>());
    }

    [Fact]
    public async Task AddSesTransport_ApplicationRegisteredItsOwnClock_TransportRunsOnIt()
    {
        await using var api = await FakeSesApi.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 5, 4, 3, 2, 1, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSesTransport(DiTest.Configuration(DiTest.Settings(("Https:ServiceUrl", api.BaseUri.ToString()))).GetSection(DiTest.Section));
        await using var provider = services.BuildServiceProvider();

        var receipt = await provider.GetRequiredService<ISesTransport>().SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);

        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
        Assert.Equal("20310504T030201Z", Assert.Single(api.Sends).Header("x-amz-date"));
        Assert.Equal(TimeSpan.Zero, receipt.Elapsed);
    }

    [Fact]
    public async Task AddSesTransport_NothingElseRegistered_SystemClockAndPolicyDrivenTransport()
    {
        var services = new ServiceCollection();
        services.AddSesTransport(DiTest.Configuration(DiTest.Settings(("Https:ServiceUrl", "https://127.0.0.1:9/"))).GetSection(DiTest.Section));

        await using var provider = services.BuildServiceProvider();

        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        Assert.IsType<PolicyDrivenTransport>(provider.GetRequiredService<ISesTransport>());
        Assert.NotNull(provider.GetRequiredService<KnownConfigurationSets>());
    }

    [Fact]
    public async Task AddKeyedSesTransport_TwoSenders_EachSendsToItsOwnEndpointWithItsOwnConfigurationSet()
    {
        await using var transactional = await FakeSesApi.StartAsync();
        await using var bulk = await FakeSesApi.StartAsync();
        var settings = DiTest.Settings(("Https:ServiceUrl", transactional.BaseUri.ToString()), ("Policy:ConfigurationSets:Optional", "transactional"));
        foreach (var (key, value) in DiTest.Settings(("Https:ServiceUrl", bulk.BaseUri.ToString()), ("Policy:ConfigurationSets:Optional", "bulk-mail")))
        {
            settings["Bulk" + key[DiTest.Section.Length..]] = value;
        }

        var configuration = DiTest.Configuration(settings);
        var services = new ServiceCollection();
        services.AddSesTransport(configuration.GetSection(DiTest.Section));
        services.AddKeyedSesTransport("bulk", configuration.GetSection("Bulk"));
        await using var provider = services.BuildServiceProvider();

        var first = provider.GetRequiredService<ISesTransport>();
        var second = provider.GetRequiredKeyedService<ISesTransport>("bulk");
        var firstReceipt = await first.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);
        var secondReceipt = await second.SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);

        Assert.NotSame(first, second);
        Assert.Equal("transactional", FakeSesApi.ConfigurationSetOf(Assert.Single(transactional.Sends)));
        Assert.Equal("bulk-mail", FakeSesApi.ConfigurationSetOf(Assert.Single(bulk.Sends)));
        Assert.Equal("transactional", firstReceipt.ConfigurationSet);
        Assert.Equal("bulk-mail", secondReceipt.ConfigurationSet);
        Assert.NotSame(provider.GetRequiredService<KnownConfigurationSets>(), provider.GetRequiredKeyedService<KnownConfigurationSets>("bulk"));
    }

    [Fact]
    public async Task AddSesTransport_HttpsThroughHttpClientFactory_ReceiptReportsNegotiatedTls()
    {
        await using var api = await FakeSesApi.StartAsync();
        var services = new ServiceCollection();
        services.AddSesTransport(DiTest.Configuration(DiTest.Settings(("Https:ServiceUrl", api.BaseUri.ToString()), ("Policy:MinimumTlsVersion", "Tls13"))).GetSection(DiTest.Section));
        await using var provider = services.BuildServiceProvider();

        var receipt = await provider.GetRequiredService<ISesTransport>().SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);

        Assert.Equal(SesTransportKind.Https, receipt.Transport);
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls13, receipt.TlsProtocol);
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls13, Assert.Single(api.Sends).TlsProtocol);
        Assert.StartsWith("0100-fake-", receipt.MessageId, StringComparison.Ordinal);
    }
}
