using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Ses.Transport.Https.Internal;
using Ses.Transport.Internal;
using Ses.Transport.Signing;

namespace Ses.Transport.Https;

/// <summary>
/// A small typed client for the SES v2 API calls the library needs besides sending: the account's sending quota,
/// and configuration sets with their delivery options (the TLS policy of hop 2). It shares the handler, signing,
/// credentials, clock-skew correction, error mapping and retries of <see cref="HttpsTransport"/>.
/// </summary>
/// <remarks>
/// Errors are typed as for sending; a configuration set that does not exist is a <see cref="SesServiceException"/>
/// with <see cref="SesTransportException.ErrorType"/> <c>NotFoundException</c> (HTTP 404), one that already exists
/// <c>AlreadyExistsException</c>. Safe for concurrent callers.
/// </remarks>
public sealed class SesApiClient : IDisposable
{
    private readonly SesApiConnection _connection;
    private readonly TransportResilience _resilience;
    private int _disposed;

    /// <summary>Creates the client. No connection is made until the first call.</summary>
    /// <param name="options">The settings (region or service URL, credentials, TLS, retries); read once, here.</param>
    /// <param name="httpClient">The client to send with; not disposed here. <see langword="null"/> creates one as <see cref="HttpsTransport"/> does.</param>
    /// <param name="loggerFactory">Where log messages go; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for signing, time-outs and retry delays; the system clock when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message names each bad setting.</exception>
    public SesApiClient(
        HttpsTransportOptions options,
        HttpClient? httpClient = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
        : this(options, httpClient, loggerFactory, timeProvider, tlsState: null)
    {
    }

    /// <summary>For dependency injection: an injected client whose primary handler was configured by <see cref="SesHttpHandler.Configure"/> with <paramref name="tlsState"/>.</summary>
    internal SesApiClient(
        HttpsTransportOptions options,
        HttpClient? httpClient,
        ILoggerFactory? loggerFactory,
        TimeProvider? timeProvider,
        HttpsTlsState? tlsState)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options.Snapshot();
        HttpsTransportOptionsValidator.ThrowIfInvalid(options);
        var time = timeProvider ?? TimeProvider.System;
        _connection = new SesApiConnection(options, httpClient, loggerFactory, time, tlsState);
        _resilience = new TransportResilience(options.Retry, SesTransportKind.Https, time, _connection.Logger);
    }

    /// <summary>Reads the account's sending quota and state (<c>GetAccount</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The account's quota and state.</returns>
    /// <exception cref="SesTransportException">A typed failure (TLS, connection, credentials, throttling after retries, an SES error).</exception>
    public async Task<SesAccount> GetAccountAsync(CancellationToken cancellationToken = default)
    {
        var answer = await CallAsync("GetAccount", HttpMethod.Get, SesApiEndpoint.AccountPath, [], SesApiJsonContext.Default.GetAccountResponse, cancellationToken)
            .ConfigureAwait(false);
        return new SesAccount
        {
            Max24HourSend = answer.SendQuota?.Max24HourSend ?? 0,
            MaxSendRate = answer.SendQuota?.MaxSendRate ?? 0,
            SentLast24Hours = answer.SendQuota?.SentLast24Hours ?? 0,
            SendingEnabled = answer.SendingEnabled,
            ProductionAccessEnabled = answer.ProductionAccessEnabled,
        };
    }

    /// <summary>Creates a configuration set (<c>CreateConfigurationSet</c>), optionally with its delivery options.</summary>
    /// <param name="name">The name: ASCII letters, digits, '_' and '-', 1 to 64 characters.</param>
    /// <param name="deliveryOptions">The delivery options (TLS policy, IP pool, delivery time); <see langword="null"/> for SES's defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when SES has created the set.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> or a delivery option breaks SES's rules.</exception>
    /// <exception cref="SesServiceException">SES refused, for example with <c>AlreadyExistsException</c>.</exception>
    /// <exception cref="SesTransportException">Another typed failure.</exception>
    public async Task CreateConfigurationSetAsync(string name, SesDeliveryOptions? deliveryOptions = null, CancellationToken cancellationToken = default)
    {
        CheckName(name);
        var request = new CreateConfigurationSetRequest
        {
            ConfigurationSetName = name,
            DeliveryOptions = deliveryOptions is null ? null : ToModel(deliveryOptions.TlsPolicy, deliveryOptions.SendingPoolName, deliveryOptions.MaxDeliverySeconds),
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(request, SesApiJsonContext.Default.CreateConfigurationSetRequest);
        await CallAsync<object>("CreateConfigurationSet", HttpMethod.Post, SesApiEndpoint.ConfigurationSetsPath, body, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a configuration set and its delivery options (<c>GetConfigurationSet</c>).</summary>
    /// <param name="name">The configuration set's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The configuration set.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> breaks SES's rules.</exception>
    /// <exception cref="SesServiceException">SES refused; <see cref="SesTransportException.ErrorType"/> is <c>NotFoundException</c> when the set does not exist.</exception>
    /// <exception cref="SesTransportException">Another typed failure.</exception>
    public async Task<SesConfigurationSet> GetConfigurationSetAsync(string name, CancellationToken cancellationToken = default)
    {
        CheckName(name);
        var answer = await CallAsync("GetConfigurationSet", HttpMethod.Get, PathOf(name), [], SesApiJsonContext.Default.GetConfigurationSetResponse, cancellationToken)
            .ConfigureAwait(false);
        var options = answer.DeliveryOptions;
        return new SesConfigurationSet
        {
            Name = answer.ConfigurationSetName ?? name,
            DeliveryOptions = new SesDeliveryOptions
            {
                TlsPolicy = ParseTlsPolicy(options?.TlsPolicy),
                SendingPoolName = options?.SendingPoolName,
                MaxDeliverySeconds = options?.MaxDeliverySeconds,
            },
        };
    }

    /// <summary>Sets a configuration set's delivery options (<c>PutConfigurationSetDeliveryOptions</c>).</summary>
    /// <param name="name">The configuration set's name.</param>
    /// <param name="tlsPolicy">Whether SES must deliver over TLS (<see cref="SesTlsPolicy.Require"/>) or may fall back to clear text.</param>
    /// <param name="sendingPoolName">The dedicated IP pool; <see langword="null"/> for none.</param>
    /// <param name="maxDeliverySeconds">How long SES keeps trying (300 to 50400 seconds); <see langword="null"/> for SES's default.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when SES has stored the options.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> breaks SES's rules.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDeliverySeconds"/> is outside 300 to 50400.</exception>
    /// <exception cref="SesServiceException">SES refused; <see cref="SesTransportException.ErrorType"/> is <c>NotFoundException</c> when the set does not exist.</exception>
    /// <exception cref="SesTransportException">Another typed failure.</exception>
    public async Task PutConfigurationSetDeliveryOptionsAsync(
        string name, SesTlsPolicy tlsPolicy, string? sendingPoolName = null, long? maxDeliverySeconds = null, CancellationToken cancellationToken = default)
    {
        CheckName(name);
        var body = JsonSerializer.SerializeToUtf8Bytes(ToModel(tlsPolicy, sendingPoolName, maxDeliverySeconds), SesApiJsonContext.Default.DeliveryOptionsModel);
        await CallAsync<object>("PutConfigurationSetDeliveryOptions", HttpMethod.Put, PathOf(name) + "/delivery-options", body, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the HTTP client the client created (an injected one is left alone).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _connection.Dispose();
        }
    }

    /// <summary><c>SesTlsPolicy</c> as SES spells it.</summary>
    internal static string FormatTlsPolicy(SesTlsPolicy policy) => policy switch
    {
        SesTlsPolicy.Optional => "OPTIONAL",
        SesTlsPolicy.Require => "REQUIRE",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Not a TLS policy SES knows."),
    };

    /// <summary>SES's spelling to <see cref="SesTlsPolicy"/>; absent means SES's default, <see cref="SesTlsPolicy.Optional"/>.</summary>
    /// <exception cref="SesServiceException">SES answered a policy this library does not know.</exception>
    internal static SesTlsPolicy ParseTlsPolicy(string? value) => value switch
    {
        null or "" or "OPTIONAL" => SesTlsPolicy.Optional,
        "REQUIRE" => SesTlsPolicy.Require,
        _ => throw new SesServiceException($"Amazon SES answered an unknown TLS policy '{(value.Length > 32 ? value[..32] : value)}'.", isTransient: false)
        {
            Transport = SesTransportKind.Https,
        },
    };

    private static DeliveryOptionsModel ToModel(SesTlsPolicy tlsPolicy, string? sendingPoolName, long? maxDeliverySeconds)
    {
        if (maxDeliverySeconds is { } seconds && seconds is < SesLimits.MinDeliverySeconds or > SesLimits.MaxDeliverySeconds)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDeliverySeconds), seconds, $"SES accepts {SesLimits.MinDeliverySeconds} to {SesLimits.MaxDeliverySeconds} seconds.");
        }

        if (sendingPoolName is not null && !SesHeaders.IsValidTagPart(sendingPoolName))
        {
            throw new ArgumentException($"The sending pool name '{sendingPoolName}' is invalid: ASCII letters, digits, '_' and '-'.", nameof(sendingPoolName));
        }

        return new DeliveryOptionsModel
        {
            TlsPolicy = FormatTlsPolicy(tlsPolicy),
            SendingPoolName = sendingPoolName,
            MaxDeliverySeconds = maxDeliverySeconds,
        };
    }

    private static void CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!SesHeaders.IsValidConfigurationSetName(name))
        {
            throw new ArgumentException(
                $"The configuration set name '{name}' is invalid: ASCII letters, digits, '_' and '-', 1 to {SesLimits.MaxConfigurationSetNameLength} characters.",
                nameof(name));
        }
    }

    private static string PathOf(string name) => SesApiEndpoint.ConfigurationSetsPath + "/" + Uri.EscapeDataString(name);

    private async Task<T> CallAsync<T>(string operation, HttpMethod method, string path, byte[] body, JsonTypeInfo<T>? answer, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var bodySha256 = new byte[32];
        AwsSigV4Signer.HashPayload(body, bodySha256);
        var (response, _) = await _resilience.ExecuteAsync(
            (_, token) => new ValueTask<SesApiResponse>(_connection.SendAsync(operation, method, path, body, bodySha256, token)),
            cancellationToken).ConfigureAwait(false);
        if (answer is null)
        {
            return default!;
        }

        try
        {
            if (JsonSerializer.Deserialize(response.Body, answer) is { } value)
            {
                return value;
            }
        }
        catch (JsonException)
        {
            // Reported below.
        }

        throw new SesServiceException($"Amazon SES answered {operation} with a body that is not the expected JSON.", isTransient: false)
        {
            Transport = SesTransportKind.Https,
            HttpStatusCode = (int)response.StatusCode,
            RequestId = response.RequestId,
        };
    }
}
