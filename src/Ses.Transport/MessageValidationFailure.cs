namespace Ses.Transport;

/// <summary>The SES rule a message breaks.</summary>
public enum MessageValidationFailure
{
    /// <summary>Another problem with the message.</summary>
    Invalid = 0,

    /// <summary>The message has no <c>From</c> address.</summary>
    NoSender = 1,

    /// <summary>The message has no recipient in To, Cc or Bcc.</summary>
    NoRecipients = 2,

    /// <summary>More than 50 recipients (To + Cc + Bcc) in one message, SES's limit.</summary>
    TooManyRecipients = 3,

    /// <summary>The encoded message is larger than 40 MB, or than the server's advertised SIZE.</summary>
    TooLarge = 4,

    /// <summary>An address has a non-ASCII local part; SES does not support SMTPUTF8.</summary>
    NonAsciiLocalPart = 5,

    /// <summary>An address or domain cannot be encoded for SES (invalid IDN, empty domain).</summary>
    InvalidAddress = 6,

    /// <summary>A configuration set name or message tag breaks SES's character rules.</summary>
    InvalidHeaderValue = 7,
}
