using MimeKit;
using Ses.Transport.Internal;

namespace Ses.Transport.Tests.Core;

public class MessageValidatorTests
{
    private static MimeMessage Message(int recipients = 1, string from = "sender@example.com")
    {
        var message = new MimeMessage();
        if (from.Length > 0)
        {
            message.From.Add(MailboxAddress.Parse(from));
        }

        for (var i = 0; i < recipients; i++)
        {
            (i % 3 == 0 ? message.To : i % 3 == 1 ? message.Cc : message.Bcc).Add(MailboxAddress.Parse($"r{i}@example.net"));
        }

        message.Subject = "s";
        message.Body = new TextPart("plain") { Text = "hello" };
        return message;
    }

    [Fact]
    public void ValidateEnvelope_FiftyRecipients_ReturnsCount()
    {
        Assert.Equal(50, MessageValidator.ValidateEnvelope(Message(50)));
    }

    [Fact]
    public void ValidateEnvelope_FiftyOneRecipientsAcrossToCcBcc_TooManyRecipients()
    {
        var ex = Assert.Throws<SesMessageValidationException>(() => MessageValidator.ValidateEnvelope(Message(51)));
        Assert.Equal(MessageValidationFailure.TooManyRecipients, ex.Failure);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public void ValidateEnvelope_NoFrom_NoSender()
    {
        var ex = Assert.Throws<SesMessageValidationException>(() => MessageValidator.ValidateEnvelope(Message(1, from: "")));
        Assert.Equal(MessageValidationFailure.NoSender, ex.Failure);
    }

    [Fact]
    public void ValidateEnvelope_NoRecipient_NoRecipients()
    {
        var ex = Assert.Throws<SesMessageValidationException>(() => MessageValidator.ValidateEnvelope(Message(0)));
        Assert.Equal(MessageValidationFailure.NoRecipients, ex.Failure);
    }

    [Fact]
    public void ValidateEnvelope_NonAsciiLocalPart_NonAsciiLocalPart()
    {
        var message = Message(1);
        message.To.Add(new MailboxAddress("", "jörg@example.com"));

        var ex = Assert.Throws<SesMessageValidationException>(() => MessageValidator.ValidateEnvelope(message));

        Assert.Equal(MessageValidationFailure.NonAsciiLocalPart, ex.Failure);
        Assert.Equal("jörg@example.com", ex.Address);
    }

    [Fact]
    public void ValidateEnvelope_IdnDomain_Accepted()
    {
        var message = Message(1);
        message.To.Add(new MailboxAddress("", "user@bücher.example"));

        Assert.Equal(2, MessageValidator.ValidateEnvelope(message));
        Assert.Equal("xn--bcher-kva.example", MessageValidator.ToAsciiDomain("bücher.example"));
    }

    [Fact]
    public void ValidateSize_Over40Mb_TooLarge()
    {
        MessageValidator.ValidateSize(SesLimits.MaxMessageBytes);
        var ex = Assert.Throws<SesMessageValidationException>(() => MessageValidator.ValidateSize(SesLimits.MaxMessageBytes + 1));
        Assert.Equal(MessageValidationFailure.TooLarge, ex.Failure);
    }

    [Fact]
    public void ValidateSize_OverServerSize_TooLarge()
    {
        var ex = Assert.Throws<SesMessageValidationException>(() => MessageValidator.ValidateSize(1001, serverMaxBytes: 1000));
        Assert.Equal(MessageValidationFailure.TooLarge, ex.Failure);
    }

    [Fact]
    public void MeasureSize_Message_EqualsSerialisedLengthWithCrLf()
    {
        var message = Message(3);
        using var buffer = new MemoryStream();
        message.WriteTo(TransportFormat.Options, buffer);

        Assert.Equal(buffer.Length, MessageValidator.MeasureSize(message));
        Assert.Contains("\r\n", System.Text.Encoding.ASCII.GetString(buffer.ToArray()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a=1, b_2=x-y", "a=1|b_2=x-y")]
    [InlineData("campaign=spring", "campaign=spring")]
    [InlineData(" campaign = spring ,, x=y", "campaign=spring|x=y")]
    public void ParseTags_Valid_NamesAndValuesInOrder(string header, string expected)
    {
        var tags = SesHeaders.ParseTags(header);

        Assert.Equal(expected, string.Join("|", tags.Select(t => t.Key + "=" + t.Value)));
    }

    [Fact]
    public void ParseTags_LongInvalidValueWithLineBreaks_MessageQuotesBoundedExcerptWithoutLineBreaks()
    {
        var header = "a=x\r\nForged: log line " + new string('x', 5000);

        var ex = Assert.Throws<SesMessageValidationException>(() => SesHeaders.ParseTags(header));

        Assert.DoesNotContain('\r', ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.True(ex.Message.Length < 400, ex.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ValidateConfigurationSetName_HostileName_MessageQuotesBoundedExcerpt()
    {
        var ex = Assert.Throws<SesMessageValidationException>(() => SesHeaders.ValidateConfigurationSetName(new string('s', 10_000) + "\n"));

        Assert.Equal(MessageValidationFailure.InvalidHeaderValue, ex.Failure);
        Assert.Contains(new string('s', SesHeaders.MaxQuotedLength) + "...", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Message.Length < 400);
    }

    [Theory]
    [InlineData("a=b c")]
    [InlineData("ä=1")]
    [InlineData("a=")]
    [InlineData("a.b=1")]
    public void ParseTags_Invalid_TypedError(string header)
    {
        var ex = Assert.Throws<SesMessageValidationException>(() => SesHeaders.ParseTags(header));
        Assert.Equal(MessageValidationFailure.InvalidHeaderValue, ex.Failure);
    }
}
