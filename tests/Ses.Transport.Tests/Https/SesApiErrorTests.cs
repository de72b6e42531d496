using System.Net;
using System.Text;
using System.Text.Json;
using Ses.Transport.Https.Internal;

namespace Ses.Transport.Tests.Https;

public sealed class SesApiErrorTests
{
    [Fact]
    public void Parse_ErrorTypeHeaderWithColonSuffix_TypeFromHeader()
    {
        var error = SesApiError.Parse(HttpStatusCode.BadRequest, "MessageRejected:http://internal.amazon.com/coral/com.amazonaws.sesv2/", "req-1",
            Encoding.UTF8.GetBytes("""{"message":"Email address is not verified."}"""));

        Assert.Equal("MessageRejected", error.Type);
        Assert.Equal("Email address is not verified.", error.Message);
        Assert.Equal("req-1", error.RequestId);
    }

    [Fact]
    public void Parse_HeaderAndBodyDisagree_HeaderWins()
    {
        var error = SesApiError.Parse(HttpStatusCode.BadRequest, "NotFoundException", null, Encoding.UTF8.GetBytes("""{"__type":"BadRequestException"}"""));

        Assert.Equal("NotFoundException", error.Type);
    }

    [Theory]
    [InlineData("""{"code":"LimitExceededException","message":"m"}""", "LimitExceededException")]
    [InlineData("""{"Code":"AccountSuspendedException","Message":"m"}""", "AccountSuspendedException")]
    [InlineData("""{"__type":"com.amazonaws.sesv2#TooManyRequestsException","message":"m"}""", "TooManyRequestsException")]
    [InlineData("""{"__type":"aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/","Message":"m"}""", "FooError")]
    [InlineData("""{"__type":"SendingPausedException"}""", "SendingPausedException")]
    public void Parse_BodyShapes_TypeNormalised(string body, string expected)
    {
        var error = SesApiError.Parse(HttpStatusCode.BadRequest, null, null, Encoding.UTF8.GetBytes(body));

        Assert.Equal(expected, error.Type);
    }

    [Theory]
    [InlineData("""{"message":"lower"}""", "lower")]
    [InlineData("""{"Message":"Upper"}""", "Upper")]
    public void Parse_MessageEitherCase_Read(string body, string expected)
    {
        Assert.Equal(expected, SesApiError.Parse(HttpStatusCode.BadRequest, null, null, Encoding.UTF8.GetBytes(body)).Message);
    }

    [Theory]
    [InlineData("<html>Bad gateway</html>")]
    [InlineData("")]
    [InlineData("{\"message\":")]
    [InlineData("[1,2]")]
    public void Parse_NotAJsonObject_StatusOnlyNoException(string body)
    {
        var error = SesApiError.Parse(HttpStatusCode.BadGateway, null, null, Encoding.UTF8.GetBytes(body));

        Assert.Null(error.Type);
        Assert.Null(error.Message);
    }

    [Fact]
    public void Parse_HostileMessage_CutAndControlCharactersReplaced()
    {
        var body = Encoding.UTF8.GetBytes("{\"message\":\"line1\\r\\nFake-Log: entry" + new string('x', 5000) + "\"}");

        var message = SesApiError.Parse(HttpStatusCode.BadRequest, null, null, body).Message!;

        Assert.Equal(SesApiError.MaxMessageLength, message.Length);
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain('\r', message);
    }

    [Theory]
    [InlineData(429, null, typeof(SesThrottlingException), true)]
    [InlineData(400, "TooManyRequestsException", typeof(SesThrottlingException), true)]
    [InlineData(400, "Throttling", typeof(SesThrottlingException), true)]
    [InlineData(400, "ThrottlingException", typeof(SesThrottlingException), true)]
    [InlineData(400, "LimitExceededException", typeof(SesThrottlingException), true)]
    [InlineData(500, null, typeof(SesServiceException), true)]
    [InlineData(503, "ServiceUnavailable", typeof(SesServiceException), true)]
    [InlineData(400, "InternalFailure", typeof(SesServiceException), true)]
    [InlineData(400, "MessageRejected", typeof(SesMessageRejectedException), false)]
    [InlineData(400, "MailFromDomainNotVerifiedException", typeof(SesMessageRejectedException), false)]
    [InlineData(400, "AccountSuspendedException", typeof(SesMessageRejectedException), false)]
    [InlineData(400, "SendingPausedException", typeof(SesMessageRejectedException), false)]
    [InlineData(400, "BadRequestException", typeof(SesServiceException), false)]
    [InlineData(404, "NotFoundException", typeof(SesServiceException), false)]
    [InlineData(400, "AlreadyExistsException", typeof(SesServiceException), false)]
    [InlineData(403, "SignatureDoesNotMatch", typeof(SesAuthenticationException), false)]
    [InlineData(403, "UnrecognizedClientException", typeof(SesAuthenticationException), false)]
    [InlineData(403, null, typeof(SesAuthenticationException), false)]
    [InlineData(413, null, typeof(SesMessageTooLargeException), false)]
    public void ToException_ErrorType_MappedToTypedTransientOrPermanent(int status, string? type, Type expected, bool transient)
    {
        var error = new SesApiError((HttpStatusCode)status, type, "server text", "req-9");

        var ex = SesApiErrorMapper.ToException(error, retryAfter: null);

        Assert.IsType(expected, ex);
        Assert.Equal(transient, ex.IsTransient);
        Assert.Equal(status, ex.HttpStatusCode);
        Assert.Equal(type, ex.ErrorType);
        Assert.Equal("server text", ex.ServerMessage);
        Assert.Equal("req-9", ex.RequestId);
        Assert.Equal(SesTransportKind.Https, ex.Transport);
    }

    [Fact]
    public void ToException_ThrottlingWithRetryAfter_Carried()
    {
        var ex = SesApiErrorMapper.ToException(new SesApiError(HttpStatusCode.TooManyRequests, null, null, null), TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(3), Assert.IsType<SesThrottlingException>(ex).RetryAfter);
    }

    [Theory]
    [InlineData("RequestTimeTooSkewed", 600, true)]
    [InlineData("RequestExpired", 60, true)]
    [InlineData("RequestTimeTooSkewed", 1, false)]
    [InlineData("SignatureDoesNotMatch", 60, false)]
    [InlineData("SignatureDoesNotMatch", 3600, true)]
    [InlineData("InvalidSignatureException", 3600, true)]
    [InlineData("MessageRejected", 3600, false)]
    public void IsClockSkew_TypeAndDistance_Decides(string type, int skewSeconds, bool expected)
    {
        var signedAt = new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
        var error = new SesApiError(HttpStatusCode.Forbidden, type, null, null);

        Assert.Equal(expected, SesApiErrorMapper.IsClockSkew(error, signedAt.AddSeconds(skewSeconds), signedAt));
    }

    [Fact]
    public void IsClockSkew_NoDateHeader_False()
    {
        Assert.False(SesApiErrorMapper.IsClockSkew(new SesApiError(HttpStatusCode.Forbidden, "RequestTimeTooSkewed", null, null), null, DateTimeOffset.UtcNow));
    }

    [Fact]
    public void Parse_SignatureDoesNotMatchEchoingTheCanonicalRequest_SessionTokenNotKept()
    {
        const string token = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN";
        var message = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n"
                      + "The Canonical String for this request should have been\n'POST\n/v2/email/outbound-emails\n\nhost:email.eu-west-1.amazonaws.com\nx-amz-date:20261203T080000Z\nx-amz-security-token:" + token + "\n'\n\n"
                      + "The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20261203T080000Z\n'";
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["message"] = message });

        var error = SesApiError.Parse(HttpStatusCode.Forbidden, "SignatureDoesNotMatch", "req-7", body);
        var ex = SesApiErrorMapper.ToException(error, null);

        Assert.StartsWith("The request signature we calculated does not match", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(SesApiError.SigningEchoOmitted, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("x-amz-security-token", ex.ServerMessage, StringComparison.Ordinal);
    }
}
