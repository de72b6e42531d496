using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ses.Transport.Https;
using Ses.Transport.Tests.Https.Fixtures;

namespace Ses.Transport.Tests.DependencyInjection;

/// <summary>
/// The SES v2 API calls the DI layer makes, over real HTTPS on 127.0.0.1 (<see cref="SesApiRecorder"/>): <c>SendEmail</c>,
/// <c>GetAccount</c>, and configuration sets kept in memory (<c>CreateConfigurationSet</c>, <c>GetConfigurationSet</c>,
/// <c>PutConfigurationSetDeliveryOptions</c>). <see cref="FrozenSets"/> names sets whose delivery options a put does not
/// change (as when someone else's policy or an SCP keeps them), to provoke a read-back mismatch.
/// </summary>
internal sealed class FakeSesApi : IAsyncDisposable
{
    private readonly SesApiRecorder _recorder;

    private FakeSesApi(SesApiRecorder recorder)
    {
        _recorder = recorder;
        recorder.Responder = Answer;
    }

    public Uri BaseUri => _recorder.BaseUri;

    public ConcurrentDictionary<string, string> SetTlsPolicies { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, long> SetMaxDeliverySeconds { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, bool> FrozenSets { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, the next <c>CreateConfigurationSet</c> finds the set created by someone else in between (AlreadyExists race).</summary>
    public bool CreateRacesWithAnotherInstance { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => [.. _recorder.Requests];

    public IReadOnlyList<RecordedRequest> Sends => [.. _recorder.Requests.Where(r => r.Method == "POST" && r.Path == SesApiEndpoint.SendEmailPath)];

    public IReadOnlyList<string> Operations => [.. _recorder.Requests.Select(r => $"{r.Method} {r.Path}")];

    public static async Task<FakeSesApi> StartAsync() => new(await SesApiRecorder.StartAsync());

    public ValueTask DisposeAsync() => _recorder.DisposeAsync();

    private ScriptedResponse Answer(RecordedRequest request, int n)
    {
        const string sets = SesApiEndpoint.ConfigurationSetsPath;
        if (request.Path == SesApiEndpoint.SendEmailPath)
        {
            return ScriptedResponse.Ok($"0100-fake-{n}");
        }

        if (request.Path == SesApiEndpoint.AccountPath)
        {
            return new ScriptedResponse(200, """{"SendQuota":{"Max24HourSend":50000,"MaxSendRate":14,"SentLast24Hours":3},"SendingEnabled":true,"ProductionAccessEnabled":true}""");
        }

        if (request.Method == "POST" && request.Path == sets)
        {
            var body = JsonNode.Parse(request.Body)!;
            var name = body["ConfigurationSetName"]!.GetValue<string>();
            if (CreateRacesWithAnotherInstance)
            {
                CreateRacesWithAnotherInstance = false;
                SetTlsPolicies[name] = "OPTIONAL";
                return ScriptedResponse.Error(400, "AlreadyExistsException", "Configuration set <" + name + "> already exists.");
            }

            if (!SetTlsPolicies.TryAdd(name, body["DeliveryOptions"]?["TlsPolicy"]?.GetValue<string>() ?? "OPTIONAL"))
            {
                return ScriptedResponse.Error(400, "AlreadyExistsException", "Configuration set <" + name + "> already exists.");
            }

            return new ScriptedResponse(200, "{}");
        }

        if (request.Path.StartsWith(sets + "/", StringComparison.Ordinal))
        {
            var rest = Uri.UnescapeDataString(request.Path[(sets.Length + 1)..]);
            var name = rest.Split('/')[0];
            if (!SetTlsPolicies.TryGetValue(name, out var policy))
            {
                return ScriptedResponse.Error(404, "NotFoundException", "Configuration set <" + name + "> does not exist.");
            }

            if (request.Method == "PUT" && rest.EndsWith("/delivery-options", StringComparison.Ordinal))
            {
                if (!FrozenSets.ContainsKey(name))
                {
                    var body = JsonNode.Parse(request.Body)!;
                    SetTlsPolicies[name] = body["TlsPolicy"]?.GetValue<string>() ?? "OPTIONAL";
                    if (body["MaxDeliverySeconds"] is { } seconds)
                    {
                        SetMaxDeliverySeconds[name] = seconds.GetValue<long>();
                    }
                }

                return new ScriptedResponse(200, "{}");
            }

            if (request.Method == "GET")
            {
                var options = new JsonObject { ["TlsPolicy"] = policy };
                if (SetMaxDeliverySeconds.TryGetValue(name, out var max))
                {
                    options["MaxDeliverySeconds"] = max;
                }

                return new ScriptedResponse(200, new JsonObject { ["ConfigurationSetName"] = name, ["DeliveryOptions"] = options }.ToJsonString());
            }
        }

        return ScriptedResponse.Error(400, "BadRequestException", "Unexpected " + request.Method + " " + request.Path);
    }

    public static string ConfigurationSetOf(RecordedRequest send) =>
        JsonDocument.Parse(send.Body).RootElement.TryGetProperty("ConfigurationSetName", out var set) ? set.GetString()! : string.Empty;
}
