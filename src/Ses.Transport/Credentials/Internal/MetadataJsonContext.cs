using System.Text.Json.Serialization;

namespace Ses.Transport.Credentials.Internal;

/// <summary>Source-generated JSON for the credential endpoints (no reflection).</summary>
[JsonSourceGenerationOptions(MaxDepth = 8)]
[JsonSerializable(typeof(MetadataCredentialsResponse))]
internal sealed partial class MetadataJsonContext : JsonSerializerContext;
