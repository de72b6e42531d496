using System.Net;
using MimeKit;
using Ses.Transport.Security;

namespace Ses.Transport.Testing.Tests.Sandbox;

/// <summary>Hop 2 (SES → receiver) as the sandbox simulates it: TlsPolicy of the configuration set × receiver TLS.</summary>
public class SandboxHop2Tests
{
    private const string PolicySet = "policy-set";

    public static TheoryData<SesTransportKind> Kinds => new() { SesTransportKind.StartTlsSmtp, SesTransportKind.TlsWrapperSmtp, SesTransportKind.Https };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task RequirePolicy_ReceiverWithoutTls_Dropped(SesTransportKind kind)
    {
        await using var sandbox = await WithLegacyReceiverAsync(SandboxTlsPolicy.Require);

        var recorded = await SendAsync(sandbox, kind, PolicySet, "someone@legacy.example");

        Assert.Equal(SandboxDeliveryOutcome.Dropped, recorded.Outcome);
        Assert.Contains("REQUIRE", recorded.OutcomeReason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task OptionalPolicy_ReceiverWithoutTls_DeliveredWithoutTls(SesTransportKind kind)
    {
        await using var sandbox = await WithLegacyReceiverAsync(SandboxTlsPolicy.Optional);

        var recorded = await SendAsync(sandbox, kind, PolicySet, "someone@legacy.example");

        Assert.Equal(SandboxDeliveryOutcome.DeliveredWithoutTls, recorded.Outcome);
    }

    [Fact]
    public async Task NoConfigurationSet_ReceiverWithoutTls_DeliveredWithoutTls()
    {
        await using var sandbox = await WithLegacyReceiverAsync(policy: null);

        var recorded = await SendAsync(sandbox, SesTransportKind.StartTlsSmtp, null, "someone@legacy.example");

        Assert.Equal(SandboxDeliveryOutcome.DeliveredWithoutTls, recorded.Outcome);
    }

    [Fact]
    public async Task RequirePolicy_TlsCapableReceiver_Delivered()
    {
        await using var sandbox = await WithLegacyReceiverAsync(SandboxTlsPolicy.Require);

        var recorded = await SendAsync(sandbox, SesTransportKind.TlsWrapperSmtp, PolicySet, "someone@modern.example");

        Assert.Equal(SandboxDeliveryOutcome.Delivered, recorded.Outcome);
    }

    [Fact]
    public async Task SeveralRecipients_MixedReceivers_PerRecipientOutcomesAndWorstForMessage()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        sandbox.ConfigurationSets.Seed("strict", SandboxTlsPolicy.Require);
        sandbox.Receivers.Declare("LEGACY.example", SandboxReceiverTls.NotSupported);

        var recorded = await SendAsync(sandbox, SesTransportKind.StartTlsSmtp, "strict", "a@modern.example, b@legacy.example");

        Assert.Equal(SandboxDeliveryOutcome.Dropped, recorded.Outcome);
        Assert.Collection(
            recorded.RecipientOutcomes,
            o => Assert.Equal(("a@modern.example", SandboxDeliveryOutcome.Delivered), (o.Recipient, o.Outcome)),
            o => Assert.Equal(("b@legacy.example", SandboxDeliveryOutcome.Dropped), (o.Recipient, o.Outcome)));
    }

    [Fact]
    public async Task PutDeliveryOptions_SwitchesPolicyForLaterSends()
    {
        await using var sandbox = await WithLegacyReceiverAsync(policy: null);
        using var created = await SandboxClients.SendSignedAsync(sandbox, HttpMethod.Post, "v2/email/configuration-sets", """{"ConfigurationSetName":"switch"}""");
        var before = await SendAsync(sandbox, SesTransportKind.Https, "switch", "x@legacy.example");

        using var put = await SandboxClients.SendSignedAsync(sandbox, HttpMethod.Put, "v2/email/configuration-sets/switch/delivery-options", """{"TlsPolicy":"REQUIRE"}""");
        var after = await SendAsync(sandbox, SesTransportKind.Https, "switch", "y@legacy.example");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(SandboxDeliveryOutcome.DeliveredWithoutTls, before.Outcome);
        Assert.Equal(SandboxDeliveryOutcome.Dropped, after.Outcome);
    }

    [Fact]
    public async Task Record_SignedAndEncryptedBodies_ProtectionSummarised()
    {
        await using var sandbox = await SesSandbox.StartAsync();
        await using var transport = SandboxClients.Smtp(sandbox, SesTransportKind.StartTlsSmtp);
        var smime = SandboxClients.Message("smime signed");
        var signed = new Multipart("signed");
        signed.ContentType.Parameters.Add("protocol", "application/pkcs7-signature");
        signed.Add(new TextPart("plain") { Text = "content" });
        signed.Add(new MimePart("application", "pkcs7-signature") { Content = new MimeContent(new MemoryStream([1, 2, 3])) });
        smime.Body = signed;
        var pgp = SandboxClients.Message("pgp encrypted");
        var encrypted = new Multipart("encrypted");
        encrypted.ContentType.Parameters.Add("protocol", "application/pgp-encrypted");
        encrypted.Add(new MimePart("application", "pgp-encrypted") { Content = new MimeContent(new MemoryStream("Version: 1\n"u8.ToArray())) });
        encrypted.Add(new MimePart("application", "octet-stream") { Content = new MimeContent(new MemoryStream("-----BEGIN PGP MESSAGE-----\n"u8.ToArray())) });
        pgp.Body = encrypted;

        await transport.SendAsync(smime);
        await transport.SendAsync(pgp);
        await transport.SendAsync(SandboxClients.Message("plain"));

        var messages = await sandbox.WaitForMessagesAsync(3);
        Assert.Equal((true, false, ProtectionScheme.SMime), (messages[0].Protection.IsSigned, messages[0].Protection.IsEncrypted, messages[0].Protection.Scheme));
        Assert.Equal((false, true, ProtectionScheme.Pgp), (messages[1].Protection.IsSigned, messages[1].Protection.IsEncrypted, messages[1].Protection.Scheme));
        Assert.False(messages[2].Protection.IsProtected);
    }

    [Fact]
    public async Task Receivers_UndeclaredDomain_Supported()
    {
        await using var sandbox = await WithLegacyReceiverAsync(policy: null);

        Assert.Equal(SandboxReceiverTls.Supported, sandbox.Receivers.GetTls("anything.example"));
        Assert.Equal(SandboxReceiverTls.NotSupported, sandbox.Receivers.GetTls("Legacy.Example"));
    }

    /// <summary>A sandbox whose receiver legacy.example has no TLS, with <see cref="PolicySet"/> seeded when <paramref name="policy"/> is given.</summary>
    private static async Task<SesSandbox> WithLegacyReceiverAsync(SandboxTlsPolicy? policy)
    {
        var sandbox = await SesSandbox.StartAsync();
        if (policy is { } tlsPolicy)
        {
            sandbox.ConfigurationSets.Seed(PolicySet, tlsPolicy);
        }

        sandbox.Receivers.Declare("legacy.example", SandboxReceiverTls.NotSupported);
        return sandbox;
    }

    private static async Task<SandboxMessage> SendAsync(SesSandbox sandbox, SesTransportKind kind, string? set, string to)
    {
        var message = SandboxClients.Message("hop 2 " + Guid.NewGuid(), to);
        if (kind == SesTransportKind.Https)
        {
            using var response = await SandboxClients.SendRawAsync(sandbox, message, set);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            if (set is not null)
            {
                message.Headers.Add("X-SES-CONFIGURATION-SET", set);
            }

            await using var transport = SandboxClients.Smtp(sandbox, kind);
            await transport.SendAsync(message);
        }

        return await sandbox.WaitForMessageAsync(m => m.Subject == message.Subject);
    }
}
