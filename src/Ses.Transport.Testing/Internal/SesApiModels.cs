using System.Text.Json.Serialization;

namespace Ses.Transport.Testing.Internal;

// The SES v2 JSON shapes the sandbox reads and writes (Amazon SES API v2 Reference: SendEmail, GetAccount,
// CreateConfigurationSet, GetConfigurationSet, PutConfigurationSetDeliveryOptions). Names are SES's.
#pragma warning disable CA1812 // Instantiated by System.Text.Json.
#pragma warning disable CA1819 // DTOs mirror SES's arrays.

internal sealed class SendEmailRequest
{
    public string? FromEmailAddress { get; set; }

    public Destination? Destination { get; set; }

    public string[]? ReplyToAddresses { get; set; }

    public EmailContent? Content { get; set; }

    public MessageTag[]? EmailTags { get; set; }

    public string? ConfigurationSetName { get; set; }
}

internal sealed class Destination
{
    public string[]? ToAddresses { get; set; }

    public string[]? CcAddresses { get; set; }

    public string[]? BccAddresses { get; set; }
}

internal sealed class EmailContent
{
    public SimpleMessage? Simple { get; set; }

    public RawMessage? Raw { get; set; }

    public object? Template { get; set; }
}

internal sealed class SimpleMessage
{
    public Content? Subject { get; set; }

    public Body? Body { get; set; }

    public MessageHeader[]? Headers { get; set; }
}

internal sealed class Content
{
    public string? Data { get; set; }

    public string? Charset { get; set; }
}

internal sealed class Body
{
    public Content? Text { get; set; }

    public Content? Html { get; set; }
}

internal sealed class MessageHeader
{
    public string? Name { get; set; }

    public string? Value { get; set; }
}

internal sealed class RawMessage
{
    public byte[]? Data { get; set; }
}

internal sealed class MessageTag
{
    public string? Name { get; set; }

    public string? Value { get; set; }
}

internal sealed class SendEmailResponse
{
    public required string MessageId { get; init; }
}

internal sealed class GetAccountResponse
{
    public bool DedicatedIpAutoWarmupEnabled { get; init; }

    public string EnforcementStatus { get; init; } = "HEALTHY";

    public bool ProductionAccessEnabled { get; init; } = true;

    public required SendQuota SendQuota { get; init; }

    public bool SendingEnabled { get; init; } = true;
}

internal sealed class SendQuota
{
    public double Max24HourSend { get; init; }

    public double MaxSendRate { get; init; }

    public double SentLast24Hours { get; init; }
}

internal sealed class DeliveryOptions
{
    public string? TlsPolicy { get; set; }

    public string? SendingPoolName { get; set; }

    public long? MaxDeliverySeconds { get; set; }
}

internal sealed class SendingOptions
{
    public bool SendingEnabled { get; set; } = true;
}

internal sealed class ReputationOptions
{
    public bool ReputationMetricsEnabled { get; set; }
}

internal sealed class ResourceTag
{
    public string? Key { get; set; }

    public string? Value { get; set; }
}

internal sealed class CreateConfigurationSetRequest
{
    public string? ConfigurationSetName { get; set; }

    public DeliveryOptions? DeliveryOptions { get; set; }

    public SendingOptions? SendingOptions { get; set; }

    public ResourceTag[]? Tags { get; set; }
}

internal sealed class GetConfigurationSetResponse
{
    public required string ConfigurationSetName { get; init; }

    public required DeliveryOptions DeliveryOptions { get; init; }

    public required SendingOptions SendingOptions { get; init; }

    public ReputationOptions ReputationOptions { get; init; } = new();

    public ResourceTag[] Tags { get; init; } = [];
}

internal sealed class EmptyResponse
{
}

internal sealed class ErrorResponse
{
    [JsonPropertyName("message")]
    public required string Message { get; init; }
}

/// <summary>One row of <c>/_sandbox/messages</c>.</summary>
internal sealed class MessageView
{
    public required string Id { get; init; }

    public required string Transport { get; init; }

    public required string TlsProtocol { get; init; }

    public string? TlsCipherSuite { get; init; }

    public string? ConfigurationSet { get; init; }

    public required string Outcome { get; init; }

    public required string OutcomeReason { get; init; }

    public bool Signed { get; init; }

    public bool Encrypted { get; init; }

    public string? Protection { get; init; }

    public string? Subject { get; init; }

    public string? From { get; init; }

    public required IReadOnlyList<string> Recipients { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(SendEmailRequest))]
[JsonSerializable(typeof(SendEmailResponse))]
[JsonSerializable(typeof(GetAccountResponse))]
[JsonSerializable(typeof(CreateConfigurationSetRequest))]
[JsonSerializable(typeof(GetConfigurationSetResponse))]
[JsonSerializable(typeof(DeliveryOptions))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(List<MessageView>))]
internal sealed partial class SandboxJsonContext : JsonSerializerContext
{
}
