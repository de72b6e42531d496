using MimeKit;
using Ses.Transport.Https;
using Ses.Transport.Tests.Https.Fixtures;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Tests.Https;

/// <summary>
/// <see cref="HttpsTransport"/> and <see cref="SesApiClient"/> against <c>aws-ses-v2-local</c> (nobody here wrote it)
/// behind stunnel. The emulator checks the API shape (it keeps no raw bytes and checks no signature).
/// </summary>
public sealed class SesV2LocalTests
{
    [Fact]
    public async Task SendAsync_MessageWithAttachment_EmulatorStoresSameFromToSubjectBodyAndAttachment()
    {
        Peer.Require(SesV2LocalBehindStunnel.Available, "aws-ses-v2-local (npm ci in tests/peers) and stunnel (apt-get install stunnel4)");
        await using var peer = await SesV2LocalBehindStunnel.StartAsync();
        await using var transport = new HttpsTransport(HttpsTest.Options(peer.ServiceUrl));
        var message = HttpsTest.Message("Quarterly report");
        message.Cc.Add(new MailboxAddress("Copy", "copy@example.org"));
        var attachment = new byte[4096];
        new Random(3).NextBytes(attachment);
        var builder = new BodyBuilder { TextBody = "Please find the report attached." };
        builder.Attachments.Add("report.bin", attachment, new ContentType("application", "octet-stream"));
        message.Body = builder.ToMessageBody();

        var receipt = await transport.SendAsync(message, TestContext.Current.CancellationToken);

        var email = Assert.Single(await peer.EmailsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(receipt.MessageId, email.GetProperty("messageId").GetString());
        Assert.Equal("\"Sender\" <sender@example.com>", email.GetProperty("from").GetString());
        Assert.Equal("\"Receiver\" <receiver@example.net>", Assert.Single(email.GetProperty("destination").GetProperty("to").EnumerateArray()).GetString());
        Assert.Equal("\"Copy\" <copy@example.org>", Assert.Single(email.GetProperty("destination").GetProperty("cc").EnumerateArray()).GetString());
        Assert.Equal("Quarterly report", email.GetProperty("subject").GetString());
        Assert.Equal("Please find the report attached.", email.GetProperty("body").GetProperty("text").GetString()!.Trim());
        var stored = Assert.Single(email.GetProperty("attachments").EnumerateArray());
        Assert.Equal("report.bin", stored.GetProperty("filename").GetString());
        Assert.Equal(attachment, Convert.FromBase64String(stored.GetProperty("content").GetString()!));
        Assert.True(receipt.TlsProtocol is System.Security.Authentication.SslProtocols.Tls12 or System.Security.Authentication.SslProtocols.Tls13);
    }

    [Fact]
    public async Task SendAsync_SesHeadersAsTypedFields_EmulatorAcceptsTheShape()
    {
        Peer.Require(SesV2LocalBehindStunnel.Available, "aws-ses-v2-local (npm ci in tests/peers) and stunnel (apt-get install stunnel4)");
        await using var peer = await SesV2LocalBehindStunnel.StartAsync();
        await using var transport = new HttpsTransport(HttpsTest.Options(peer.ServiceUrl));
        var message = HttpsTest.Message("Tagged");
        message.Headers.Add("X-SES-CONFIGURATION-SET", "tls-required");
        message.Headers.Add("X-SES-MESSAGE-TAGS", "campaign=spring");
        message.Headers.Add("X-SES-LIST-MANAGEMENT-OPTIONS", "newsletter; topic=weekly");
        message.Headers.Add("X-SES-FROM-ARN", "arn:aws:ses:eu-west-1:123456789012:identity/example.com");

        var receipt = await transport.SendAsync(message, TestContext.Current.CancellationToken);

        var email = Assert.Single(await peer.EmailsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(receipt.MessageId, email.GetProperty("messageId").GetString());
        Assert.Equal("Tagged", email.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task GetAccountAsync_EmulatorAccount_QuotaRead()
    {
        Peer.Require(SesV2LocalBehindStunnel.Available, "aws-ses-v2-local (npm ci in tests/peers) and stunnel (apt-get install stunnel4)");
        const string account = """
            {"DedicatedIpAutoWarmupEnabled":false,"Details":{"AdditionalContactEmailAddresses":[],"ContactLanguage":"EN","MailType":"TRANSACTIONAL",
             "ReviewDetails":{"CaseId":"1","Status":"GRANTED"},"UseCaseDescription":"tests","WebsiteURL":"https://example.com"},
             "EnforcementStatus":"HEALTHY","ProductionAccessEnabled":false,"SendingEnabled":true,
             "SendQuota":{"Max24HourSend":200,"MaxSendRate":1,"SentLast24Hours":7},"SuppressionAttributes":{"SuppressedReasons":[]}}
            """;
        await using var peer = await SesV2LocalBehindStunnel.StartAsync(account.ReplaceLineEndings(""));
        using var client = new SesApiClient(HttpsTest.Options(peer.ServiceUrl));

        var quota = await client.GetAccountAsync(TestContext.Current.CancellationToken);

        Assert.Equal(200, quota.Max24HourSend);
        Assert.Equal(1, quota.MaxSendRate);
        Assert.Equal(7, quota.SentLast24Hours);
        Assert.True(quota.SendingEnabled);
        Assert.False(quota.ProductionAccessEnabled);
    }
}
