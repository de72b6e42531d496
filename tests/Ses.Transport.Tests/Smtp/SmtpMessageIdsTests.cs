using Ses.Transport.Smtp.Internal;

namespace Ses.Transport.Tests.Smtp;

/// <summary>The receipt's message id from the server's final reply to DATA.</summary>
public sealed class SmtpMessageIdsTests
{
    [Theory]
    [InlineData("Ok 0100018c2f3b4a5e-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d-000000", "0100018c2f3b4a5e-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d-000000")]
    [InlineData("2.0.0 Ok 0100018c2f3b4a5e-000000", "0100018c2f3b4a5e-000000")]
    [InlineData("Ok <0100018c2f3b4a5e-000000>", "0100018c2f3b4a5e-000000")]
    [InlineData("2.0.0 Ok: queued as 4XyZ1r2ABCz", "4XyZ1r2ABCz")]
    public void FromReply_ReplyNamesAnId_ThatId(string reply, string expected)
    {
        Assert.Equal(expected, SmtpMessageIds.FromReply(reply, SmtpTest.Message()));
    }

    [Theory]
    [InlineData("OK: message queued")]
    [InlineData("Ok")]
    [InlineData("")]
    public void FromReply_ReplyWithoutId_TheMessagesOwnMessageId(string reply)
    {
        var message = SmtpTest.Message();

        Assert.Equal(message.MessageId, SmtpMessageIds.FromReply(reply, message));
    }
}
