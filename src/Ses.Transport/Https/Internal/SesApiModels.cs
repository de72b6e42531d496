using System.Text.Json.Serialization;

namespace Ses.Transport.Https.Internal;

// Wire shapes of the SES v2 API (SES API v2 reference, "Data Types"), property names as SES spells them.

/// <summary>The fields of <c>SendEmail</c> besides <c>Content</c>, which is written straight into the body buffer.</summary>
internal sealed class SendEmailFields
{
    public string? ConfigurationSetName { get; set; }

    public SesDestination? Destination { get; set; }

    public List<SesMessageTag>? EmailTags { get; set; }

    public string? FromEmailAddressIdentityArn { get; set; }

    public string? FeedbackForwardingEmailAddressIdentityArn { get; set; }

    public SesListManagementOptions? ListManagementOptions { get; set; }
}

/// <summary><c>Destination</c>: the envelope recipients.</summary>
internal sealed class SesDestination
{
    public List<string>? ToAddresses { get; set; }

    public List<string>? CcAddresses { get; set; }

    public List<string>? BccAddresses { get; set; }
}

/// <summary><c>MessageTag</c>.</summary>
internal sealed class SesMessageTag
{
    public required string Name { get; set; }

    public required string Value { get; set; }
}

/// <summary><c>ListManagementOptions</c>.</summary>
internal sealed class SesListManagementOptions
{
    public required string ContactListName { get; set; }

    public string? TopicName { get; set; }
}

/// <summary>The answer of <c>SendEmail</c>.</summary>
internal sealed class SendEmailResponse
{
    public string? MessageId { get; set; }
}

/// <summary>The answer of <c>GetAccount</c> (the fields the library uses).</summary>
internal sealed class GetAccountResponse
{
    public SendQuotaModel? SendQuota { get; set; }

    public bool SendingEnabled { get; set; }

    public bool ProductionAccessEnabled { get; set; }
}

/// <summary><c>SendQuota</c>.</summary>
internal sealed class SendQuotaModel
{
    public double Max24HourSend { get; set; }

    public double MaxSendRate { get; set; }

    public double SentLast24Hours { get; set; }
}

/// <summary><c>DeliveryOptions</c> (also the body of <c>PutConfigurationSetDeliveryOptions</c>).</summary>
internal sealed class DeliveryOptionsModel
{
    public string? TlsPolicy { get; set; }

    public string? SendingPoolName { get; set; }

    public long? MaxDeliverySeconds { get; set; }
}

/// <summary>The body of <c>CreateConfigurationSet</c>.</summary>
internal sealed class CreateConfigurationSetRequest
{
    public required string ConfigurationSetName { get; set; }

    public DeliveryOptionsModel? DeliveryOptions { get; set; }
}

/// <summary>The answer of <c>GetConfigurationSet</c> (the fields the library uses).</summary>
internal sealed class GetConfigurationSetResponse
{
    public string? ConfigurationSetName { get; set; }

    public DeliveryOptionsModel? DeliveryOptions { get; set; }
}

/// <summary>Source-generated (de)serialisation of the SES v2 wire shapes; nulls are left out.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, MaxDepth = 16)]
[JsonSerializable(typeof(SendEmailFields))]
[JsonSerializable(typeof(SendEmailResponse))]
[JsonSerializable(typeof(GetAccountResponse))]
[JsonSerializable(typeof(CreateConfigurationSetRequest))]
[JsonSerializable(typeof(GetConfigurationSetResponse))]
[JsonSerializable(typeof(DeliveryOptionsModel))]
internal sealed partial class SesApiJsonContext : JsonSerializerContext
{
}
