using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ses.Transport.DependencyInjection;
using Ses.Transport.Policy;
using Ses.Transport.Tests.Https.Fixtures;

namespace Ses.Transport.Tests.DependencyInjection;

public sealed class ConfigurationSetStartupCheckTests
{
    private const string RequireSet = "tls-required";

    [Fact]
    public async Task StartAsync_EnsureAndSetMissing_CreatesItWithRequireAndRecordsIt()
    {
        await using var api = await FakeSesApi.StartAsync();
        using var host = DiTest.Host(Settings(api, "Ensure"));

        await host.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal("REQUIRE", api.SetTlsPolicies[RequireSet]);
        Assert.Contains($"PUT /v2/email/configuration-sets/{RequireSet}/delivery-options", api.Operations);
        Assert.True(host.Services.GetRequiredService<KnownConfigurationSets>().IsKnownRequire(RequireSet));
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task StartAsync_EnsureAndSetStaysOptional_StartUpFailsWithMismatch()
    {
        await using var api = await FakeSesApi.StartAsync();
        api.SetTlsPolicies[RequireSet] = "OPTIONAL";
        api.FrozenSets[RequireSet] = true;
        using var host = DiTest.Host(Settings(api, "Ensure"));

        var failure = await Assert.ThrowsAsync<ConfigurationSetMismatchException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(RequireSet, failure.ConfigurationSetName);
        Assert.Equal(ReceiverTls.Require, failure.Expected);
        Assert.Equal(ReceiverTls.Optional, failure.Actual);
        Assert.False(failure.IsTransient);
        Assert.False(host.Services.GetRequiredService<KnownConfigurationSets>().IsKnownRequire(RequireSet));
    }

    [Fact]
    public async Task StartAsync_VerifyOnlyAndSetMissing_StartUpFailsAndNothingIsCreated()
    {
        await using var api = await FakeSesApi.StartAsync();
        using var host = DiTest.Host(Settings(api, "VerifyOnly"));

        var failure = await Assert.ThrowsAsync<ConfigurationSetMismatchException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Null(failure.Actual);
        Assert.Empty(api.SetTlsPolicies);
        Assert.All(api.Operations, operation => Assert.StartsWith("GET ", operation, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_VerifyOnlyAndSetOptional_StartUpFailsAndTheSetIsUnchanged()
    {
        await using var api = await FakeSesApi.StartAsync();
        api.SetTlsPolicies[RequireSet] = "OPTIONAL";
        using var host = DiTest.Host(Settings(api, "VerifyOnly"));

        var failure = await Assert.ThrowsAsync<ConfigurationSetMismatchException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ReceiverTls.Optional, failure.Actual);
        Assert.Equal("OPTIONAL", api.SetTlsPolicies[RequireSet]);
        Assert.DoesNotContain(api.Operations, operation => operation.StartsWith("PUT ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_VerifyOnlyAndSetRequire_StartsAndSendsWithTheSet()
    {
        await using var api = await FakeSesApi.StartAsync();
        api.SetTlsPolicies[RequireSet] = "REQUIRE";
        using var host = DiTest.Host(Settings(api, "VerifyOnly", ("Policy:ReceiverTls", "Require")));
        await host.StartAsync(TestContext.Current.CancellationToken);

        var receipt = await host.Services.GetRequiredService<ISesTransport>().SendAsync(HttpsTest.Message(), TestContext.Current.CancellationToken);

        Assert.Equal(RequireSet, receipt.ConfigurationSet);
        Assert.Equal(RequireSet, FakeSesApi.ConfigurationSetOf(Assert.Single(api.Sends)));
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task StartAsync_CheckFromTheBuilderWithRuleSets_EnsuresEachAtItsLevel()
    {
        await using var api = await FakeSesApi.StartAsync();
        var settings = Settings(api, "None",
            ("Policy:ConfigurationSets:Optional", "everyday"),
            ("Policy:Rules:0:Name", "bank"),
            ("Policy:Rules:0:Recipients:0", "bank.example"),
            ("Policy:Rules:0:ReceiverTls", "Require"),
            ("Policy:Rules:0:ConfigurationSet", "bank-tls"));
        using var host = DiTest.Host(settings, builder => builder.CheckConfigurationSetsOnStart(ConfigurationSetCheckMode.Ensure, maxDeliverySeconds: 3600));

        await host.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal("REQUIRE", api.SetTlsPolicies[RequireSet]);
        Assert.Equal("OPTIONAL", api.SetTlsPolicies["everyday"]);
        Assert.Equal("REQUIRE", api.SetTlsPolicies["bank-tls"]);
        Assert.Equal(3600, api.SetMaxDeliverySeconds["bank-tls"]);
        var known = host.Services.GetRequiredService<KnownConfigurationSets>();
        Assert.True(known.IsKnownRequire("bank-tls"));
        Assert.True(known.TryGet("everyday", out var everyday) && everyday == ReceiverTls.Optional);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task StartAsync_OneSetNamedForBothLevels_StartUpFails()
    {
        await using var api = await FakeSesApi.StartAsync();
        using var host = DiTest.Host(Settings(api, "Ensure", ("Policy:ConfigurationSets:Optional", RequireSet)));

        var failure = await Assert.ThrowsAsync<ConfigurationSetMismatchException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("SesTransport:Policy:ConfigurationSets:Require", failure.Message, StringComparison.Ordinal);
        Assert.Contains("SesTransport:Policy:ConfigurationSets:Optional", failure.Message, StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }

    private static Dictionary<string, string?> Settings(FakeSesApi api, string mode, params (string Key, string? Value)[] extra) =>
        DiTest.Settings([("Https:ServiceUrl", api.BaseUri.ToString()), ("Policy:ConfigurationSets:Require", RequireSet), ("ConfigurationSetCheck", mode), .. extra]);
}
