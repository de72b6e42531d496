using System.Security.Cryptography;
using System.Text.Json;
using Ses.Transport.Https.Internal;
using Ses.Transport.Tests.Https.Fixtures;

namespace Ses.Transport.Tests.Https;

public sealed class SendEmailRequestBodyTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(100_001)]
    public void Create_AnyLength_ValidJsonRawDecodesToMimeAndHashMatches(int extra)
    {
        var message = HttpsTest.Message();
        message.Body = new MimeKit.TextPart("plain") { Text = new string('a', extra) };
        var fields = new SendEmailFields { ConfigurationSetName = "set-1", EmailTags = [new SesMessageTag { Name = "a", Value = "b" }] };

        using var body = SendEmailRequestBody.Create(message, fields);

        var bytes = body.Body.ToArray();
        using var json = JsonDocument.Parse(bytes);
        var raw = Convert.FromBase64String(json.RootElement.GetProperty("Content").GetProperty("Raw").GetProperty("Data").GetString()!);
        Assert.Equal(HttpsTest.Wire(message), raw);
        Assert.Equal(raw.LongLength, body.MimeBytes);
        Assert.Equal("set-1", json.RootElement.GetProperty("ConfigurationSetName").GetString());
        Assert.Equal(SHA256.HashData(bytes), body.PayloadSha256);
    }

    [Fact]
    public void Create_NoFields_ContentOnly()
    {
        using var body = SendEmailRequestBody.Create(HttpsTest.Message(), new SendEmailFields());

        using var json = JsonDocument.Parse(body.Body);
        Assert.Equal(["Content"], json.RootElement.EnumerateObject().Select(p => p.Name).ToArray());
    }

    [Fact]
    public void Create_Over40Megabytes_ValidationErrorTooLarge()
    {
        var message = HttpsTest.Message();
        message.Body = new MimeKit.TextPart("plain") { Text = new string('a', 41 * 1024 * 1024) };

        var ex = Assert.Throws<SesMessageValidationException>(() => SendEmailRequestBody.Create(message, new SendEmailFields()));

        Assert.Equal(MessageValidationFailure.TooLarge, ex.Failure);
    }

    [Theory]
    [InlineData("newsletter", "newsletter", null)]
    [InlineData("newsletter; topic=weekly", "newsletter", "weekly")]
    [InlineData(" list_1 ;TOPIC = t-2 ", "list_1", "t-2")]
    public void ParseListManagement_ValidValues_Parsed(string value, string list, string? topic)
    {
        var parsed = SendEmailMessage.ParseListManagement(value);

        Assert.Equal(list, parsed.ContactListName);
        Assert.Equal(topic, parsed.TopicName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("news letter")]
    [InlineData("newsletter; region=eu")]
    [InlineData("newsletter; topic=a; topic=b")]
    [InlineData("newsletter; topic=")]
    public void ParseListManagement_Malformed_ValidationError(string value)
    {
        var ex = Assert.Throws<SesMessageValidationException>(() => SendEmailMessage.ParseListManagement(value));

        Assert.Equal(MessageValidationFailure.InvalidHeaderValue, ex.Failure);
    }

    [Fact]
    public void Prepare_ArnHeaderNotAnArn_ValidationError()
    {
        var message = HttpsTest.Message();
        message.Headers.Add("X-SES-FROM-ARN", "example.com");

        var ex = Assert.Throws<SesMessageValidationException>(() => SendEmailMessage.Prepare(message, null));

        Assert.Equal(MessageValidationFailure.InvalidHeaderValue, ex.Failure);
    }

    [Fact]
    public void Prepare_InternationalDomain_DestinationInPunycode()
    {
        var message = HttpsTest.Message();
        message.To.Clear();
        message.To.Add(new MimeKit.MailboxAddress("Empfänger", "info@bücher.example"));

        var (_, fields) = SendEmailMessage.Prepare(message, null);

        Assert.Equal("info@xn--bcher-kva.example", Assert.Single(fields.Destination!.ToAddresses!));
    }
}
