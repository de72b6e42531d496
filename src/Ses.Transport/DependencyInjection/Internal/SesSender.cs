using System.Diagnostics.Metrics;
using System.Security.Cryptography.X509Certificates;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Ses.Transport.Credentials;
using Ses.Transport.Https;
using Ses.Transport.Https.Internal;
using Ses.Transport.Policy;
using Ses.Transport.Smtp;
using Ses.Transport.Smtp.Internal;

namespace Ses.Transport.DependencyInjection.Internal;

/// <summary>
/// What one registered sender shares between its transport, its API client, its start-up check and its health check:
/// the validated options, the credentials provider, the trust anchors, the TLS facts of its HTTP handler, and the
/// configuration sets known to be <c>REQUIRE</c>.
/// </summary>
internal sealed class SesSender : IDisposable
{
    private readonly IHttpClientFactory _httpClients;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly TimeProvider _timeProvider;
    private readonly IMeterFactory? _meterFactory;
    private readonly Lazy<SesApiClient> _apiClient;
    private readonly SemaphoreSlim _smtpCredentialsGate = new(1, 1);
    private SesSmtpCredentials? _smtpCredentials;

    public SesSender(string name, SesTransportOptions options, IHttpClientFactory httpClients, ILoggerFactory? loggerFactory, TimeProvider timeProvider, IMeterFactory? meterFactory)
    {
        Name = name;
        Options = options;
        _httpClients = httpClients;
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider;
        _meterFactory = meterFactory;
        TrustAnchors = SenderSettings.TrustAnchors(options);
        Credentials = SenderSettings.Credentials(options, timeProvider, loggerFactory);
        HttpsOptions = SenderSettings.Https(options, Credentials, TrustAnchors);
        _smtpCredentials = SenderSettings.GivenSmtpCredentials(options);
        _apiClient = new Lazy<SesApiClient>(() => new SesApiClient(HttpsOptions, HttpClient(), _loggerFactory, _timeProvider, TlsState));
    }

    public string Name { get; }

    public SesTransportOptions Options { get; }

    public X509Certificate2Collection TrustAnchors { get; }

    public IAwsCredentialsProvider Credentials { get; }

    public HttpsTransportOptions HttpsOptions { get; }

    /// <summary>Where the handler of this sender's HTTP client records the negotiated TLS (shared by every handler the factory builds).</summary>
    public HttpsTlsState TlsState { get; } = new();

    public KnownConfigurationSets KnownSets { get; } = new();

    public SesApiClient ApiClient => _apiClient.Value;

    public ILoggerFactory? LoggerFactory => _loggerFactory;

    /// <summary>The transports, by the names the policy uses, in the configured order.</summary>
    public Dictionary<string, ISesTransport> CreateTransports()
    {
        var transports = new Dictionary<string, ISesTransport>(StringComparer.Ordinal);
        foreach (var kind in Options.Transports) // validated: each listed once
        {
            transports[kind.ToString()] = kind switch
            {
                SesTransportKind.Https => new HttpsTransport(HttpsOptions, HttpClient(), _loggerFactory, _timeProvider, _meterFactory, TlsState),
                _ => new DeferredSmtpTransport(kind, async token => CreateSmtp(kind, await GetSmtpCredentialsAsync(token).ConfigureAwait(false))),
            };
        }

        return transports;
    }

    /// <summary>The SMTP credentials: given, or derived once from the AWS credentials for the region.</summary>
    public async ValueTask<SesSmtpCredentials> GetSmtpCredentialsAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _smtpCredentials) is { } known)
        {
            return known;
        }

        await _smtpCredentialsGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_smtpCredentials is null)
            {
                var aws = await Credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
                if (aws.SessionToken is not null)
                {
                    // A password derived from temporary credentials is refused at AUTH (535); say why before connecting.
                    throw new SesAuthenticationException(
                        "The SMTP transports need SMTP credentials derived from an IAM user's long-term access key, but the credentials "
                        + "provider returned temporary credentials (with a session token). Set Credentials:SmtpUserName and "
                        + "Credentials:SmtpPassword (or SesTransportOptions.SmtpCredentials), or send through HTTPS.");
                }

                Volatile.Write(ref _smtpCredentials, SesSmtpCredentials.FromSecretAccessKey(aws.AccessKeyId, aws.SecretAccessKey, Options.Region!.Trim()));
            }

            return _smtpCredentials;
        }
        finally
        {
            _smtpCredentialsGate.Release();
        }
    }

    /// <summary>Opens one SMTP session (connect, TLS, AUTH) and closes it with QUIT: the health probe.</summary>
    public async Task ProbeSmtpAsync(SesTransportKind kind, CancellationToken cancellationToken)
    {
        var options = SenderSettings.Smtp(kind, Options, await GetSmtpCredentialsAsync(cancellationToken).ConfigureAwait(false), TrustAnchors);
        var logger = (_loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger("Ses.Transport.Smtp");
        var security = kind == SesTransportKind.TlsWrapperSmtp ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        var session = await SmtpSession.OpenAsync(new SmtpEndpoint(kind, security, options, logger, _timeProvider), cancellationToken).ConfigureAwait(false);
        await session.CloseAsync("health check").ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_apiClient.IsValueCreated)
        {
            _apiClient.Value.Dispose();
        }

        _smtpCredentialsGate.Dispose();
    }

    private HttpClient HttpClient() => _httpClients.CreateClient(SenderSettings.HttpClientName(Name));

    private ISesTransport CreateSmtp(SesTransportKind kind, SesSmtpCredentials credentials)
    {
        var options = SenderSettings.Smtp(kind, Options, credentials, TrustAnchors);
        return kind == SesTransportKind.TlsWrapperSmtp
            ? new TlsWrapperSmtpTransport((TlsWrapperSmtpTransportOptions)options, _loggerFactory, _timeProvider, _meterFactory)
            : new StartTlsSmtpTransport((StartTlsSmtpTransportOptions)options, _loggerFactory, _timeProvider, _meterFactory);
    }
}
