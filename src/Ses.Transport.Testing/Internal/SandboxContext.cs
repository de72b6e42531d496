using Microsoft.Extensions.Logging;
using Ses.Transport.Credentials;

namespace Ses.Transport.Testing.Internal;

/// <summary>What the sandbox's listeners share: settings, credentials, certificates, faults, configuration sets and the record.</summary>
internal sealed class SandboxContext
{
    private readonly ILogger _logger;

    public SandboxContext(SesSandboxOptions options, AwsCredentials credentials, SandboxCertificates certificates)
    {
        Region = options.Region;
        Credentials = credentials;
        SmtpCredentials = SesSmtpCredentials.FromSecretAccessKey(credentials.AccessKeyId, credentials.SecretAccessKey, options.Region);
        MaxMessageSize = options.MaxMessageSize;
        IdleTimeout = options.IdleTimeout;
        TimeProvider = options.TimeProvider;
        LoggerFactory = options.LoggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
        Certificates = certificates;
        Tls = new SandboxTls(certificates, Faults, options.MinimumTlsVersion);
        Recorder = new MessageRecorder(Receivers, ConfigurationSets, TimeProvider);
        _logger = LoggerFactory.CreateLogger("Ses.Transport.Testing.SesSandbox");
    }

    public string Region { get; }

    public AwsCredentials Credentials { get; }

    public SesSmtpCredentials SmtpCredentials { get; }

    public int MaxMessageSize { get; }

    public TimeSpan IdleTimeout { get; }

    public TimeProvider TimeProvider { get; }

    public ILoggerFactory LoggerFactory { get; }

    public SandboxCertificates Certificates { get; }

    public SandboxTls Tls { get; }

    public SandboxFaults Faults { get; } = new();

    public SandboxReceivers Receivers { get; } = new();

    public SandboxConfigurationSets ConfigurationSets { get; } = new();

    public MessageRecorder Recorder { get; }

    public ILogger Logger => _logger;

    public SandboxMessage Record(IncomingMessage incoming)
    {
        var message = Recorder.Record(incoming);
        SandboxLog.Accepted(_logger, message.Id, message.Transport, message.TlsProtocol, message.ConfigurationSet, message.Outcome);
        return message;
    }
}
