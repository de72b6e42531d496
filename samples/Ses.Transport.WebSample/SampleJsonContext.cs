using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace Ses.Transport.WebSample;

/// <summary>Source-generated JSON for the sample's requests and answers.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SendRequest))]
[JsonSerializable(typeof(SendResponse))]
[JsonSerializable(typeof(SandboxMessageSummary[]))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
internal sealed partial class SampleJsonContext : JsonSerializerContext;
