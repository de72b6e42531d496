using Ses.Transport.Smtp.Internal;

namespace Ses.Transport.Tests.Smtp;

/// <summary>SES's SMTP reply codes and texts to the library's typed exceptions (pure mapping, no sockets).</summary>
public sealed class SmtpReplyMapperTests
{
    private static readonly SecretRedactor Redactor = new(SmtpTest.Credentials);

    [Theory]
    [InlineData(454, "Throttling failure: Maximum sending rate exceeded.", typeof(SesThrottlingException), true)]
    [InlineData(454, "Throttling failure: Daily message quota exceeded.", typeof(SesThrottlingException), true)]
    [InlineData(454, "Temporary service failure", typeof(SesTransportException), true)]
    [InlineData(421, "Service not available, closing transmission channel", typeof(SesConnectionException), true)]
    [InlineData(451, "4.4.2 Timeout waiting for data from client.", typeof(SesConnectionException), true)]
    [InlineData(451, "Local error in processing", typeof(SesTransportException), true)]
    [InlineData(535, "Authentication Credentials Invalid", typeof(SesAuthenticationException), false)]
    [InlineData(552, "Message size exceeds fixed maximum message size", typeof(SesMessageTooLargeException), false)]
    [InlineData(554, "Message rejected: Email address is not verified.", typeof(SesMessageRejectedException), false)]
    [InlineData(554, "Access denied: not authorized to perform ses:SendRawEmail", typeof(SesMessageRejectedException), false)]
    [InlineData(550, "Mailbox unavailable", typeof(SesMessageRejectedException), false)]
    public void FromReply_SesReply_TypedExceptionWithCodeAndText(int code, string text, Type expected, bool transient)
    {
        var ex = SmtpReplyMapper.FromReply(SesTransportKind.StartTlsSmtp, code, text, Redactor);

        Assert.Equal(expected, ex.GetType());
        Assert.Equal(transient, ex.IsTransient);
        Assert.Equal(code, ex.SmtpStatusCode);
        Assert.Equal(text, ex.ServerMessage);
        Assert.Equal(SesTransportKind.StartTlsSmtp, ex.Transport);
    }

    [Fact]
    public void FromReply_DailyQuota_MarkedAsDailyQuota()
    {
        var ex = Assert.IsType<SesThrottlingException>(SmtpReplyMapper.FromReply(SesTransportKind.TlsWrapperSmtp, 454, "Throttling failure: Daily message quota exceeded.", Redactor));

        Assert.True(ex.DailyQuotaExceeded);
    }

    [Fact]
    public void FromReply_RateExceeded_NotMarkedAsDailyQuota()
    {
        var ex = Assert.IsType<SesThrottlingException>(SmtpReplyMapper.FromReply(SesTransportKind.TlsWrapperSmtp, 454, "Throttling failure: Maximum sending rate exceeded.", Redactor));

        Assert.False(ex.DailyQuotaExceeded);
    }

    [Fact]
    public void FromReply_TextWithControlCharactersAndThePassword_CleanedAndRedacted()
    {
        var ex = SmtpReplyMapper.FromReply(SesTransportKind.StartTlsSmtp, 535, $"bad\r\nline {SmtpTest.Password}", Redactor);

        Assert.Equal("bad  line ***", ex.ServerMessage);
        SmtpTest.AssertNoSecret(ex.ToString());
    }
}
