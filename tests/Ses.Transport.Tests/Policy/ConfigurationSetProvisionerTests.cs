using Ses.Transport.Https;
using Ses.Transport.Policy;
using Ses.Transport.Tests.DependencyInjection;
using Ses.Transport.Tests.Https.Fixtures;
using Ses.Transport.Tests.Smtp;

namespace Ses.Transport.Tests.Policy;

public sealed class ConfigurationSetProvisionerTests
{
    [Fact]
    public async Task EnsureConfigurationSetAsync_CreatedConcurrently_PutsAndVerifiesAnyway()
    {
        await using var api = await FakeSesApi.StartAsync();
        api.CreateRacesWithAnotherInstance = true;
        using var client = Client(api);
        var provisioner = new ConfigurationSetProvisioner(client);

        var set = await provisioner.EnsureConfigurationSetAsync("race", ReceiverTls.Require, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(SesTlsPolicy.Require, set.DeliveryOptions.TlsPolicy);
        Assert.Equal("REQUIRE", api.SetTlsPolicies["race"]);
        Assert.True(provisioner.KnownSets.IsKnownRequire("race"));
        Assert.Equal(
            ["GET /v2/email/configuration-sets/race", "POST /v2/email/configuration-sets", "PUT /v2/email/configuration-sets/race/delivery-options", "GET /v2/email/configuration-sets/race"],
            api.Operations);
    }

    [Fact]
    public async Task EnsureConfigurationSetAsync_ExistingRequireSetToOptional_RecordsOptional()
    {
        await using var api = await FakeSesApi.StartAsync();
        api.SetTlsPolicies["downgrade-me"] = "REQUIRE";
        using var client = Client(api);
        var known = new KnownConfigurationSets();
        known.Record("downgrade-me", ReceiverTls.Require);
        var provisioner = new ConfigurationSetProvisioner(client, known);

        await provisioner.EnsureConfigurationSetAsync("downgrade-me", ReceiverTls.Optional, 600, TestContext.Current.CancellationToken);

        Assert.Equal("OPTIONAL", api.SetTlsPolicies["downgrade-me"]);
        Assert.Equal(600, api.SetMaxDeliverySeconds["downgrade-me"]);
        Assert.False(known.IsKnownRequire("downgrade-me"));
    }

    [Fact]
    public async Task EnsureConfigurationSetAsync_ReadBackDiffers_ThrowsAndNeverRecordsRequire()
    {
        await using var api = await FakeSesApi.StartAsync();
        api.SetTlsPolicies["locked"] = "OPTIONAL";
        api.FrozenSets["locked"] = true;
        using var client = Client(api);
        var provisioner = new ConfigurationSetProvisioner(client);

        var failure = await Assert.ThrowsAsync<ConfigurationSetMismatchException>(
            () => provisioner.EnsureConfigurationSetAsync("locked", ReceiverTls.Require, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("Configuration set 'locked' has TlsPolicy OPTIONAL in SES; the delivery policy needs REQUIRE.", failure.Message);
        Assert.False(provisioner.KnownSets.IsKnownRequire("locked"));
    }

    [Fact]
    public async Task EnsureConfigurationSetAsync_UndefinedReceiverTls_ThrowsBeforeAnyCall()
    {
        await using var api = await FakeSesApi.StartAsync();
        using var client = Client(api);
        var provisioner = new ConfigurationSetProvisioner(client);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => provisioner.EnsureConfigurationSetAsync("any", (ReceiverTls)7, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Empty(api.Requests);
    }

    private static SesApiClient Client(FakeSesApi api) =>
        new(HttpsTest.Options(api.BaseUri, new Ses.Transport.Credentials.StaticCredentialsProvider(SmtpTest.User, SmtpTest.SecretAccessKey)));
}
