using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ses.Transport.Credentials;
using Ses.Transport.Testing.Internal;

namespace Ses.Transport.Testing;

/// <summary>
/// A local Amazon SES on 127.0.0.1 for integration tests and demos: the SES v2 HTTPS API (SigV4-verified), SMTP with
/// STARTTLS and SMTP over implicit TLS, all with a certificate from a CA generated per sandbox; it records every
/// message it accepts with how it arrived, simulates hop 2 (SES → receiver) under each configuration set's
/// TlsPolicy, and injects faults on request. Start one with <see cref="StartAsync"/>; dispose it to free its ports.
/// Thread-safe.
/// </summary>
/// <example>
/// <code>
/// await using var sandbox = await SesSandbox.StartAsync();
/// var options = new StartTlsSmtpTransportOptions { Host = "127.0.0.1", Port = sandbox.StartTlsSmtpEndpoint.Port, Credentials = sandbox.SmtpCredentials };
/// options.Tls.TrustAnchors.Add(sandbox.CertificateAuthority);
/// </code>
/// </example>
public sealed class SesSandbox : IAsyncDisposable
{
    private readonly SandboxContext _context;
    private readonly SandboxApi _api;
    private readonly SandboxSmtp _smtp;
    private readonly string _directory;
    private int _disposed;

    private SesSandbox(SandboxContext context, SandboxApi api, SandboxSmtp smtp, string directory, string caPath)
    {
        _context = context;
        _api = api;
        _smtp = smtp;
        _directory = directory;
        CertificateAuthorityPath = caPath;
        ApiEndpoint = new Uri($"https://127.0.0.1:{api.Port}/");
        WebPage = new Uri(ApiEndpoint, "_sandbox");
        StartTlsSmtpEndpoint = smtp.StartTlsEndpoint;
        TlsWrapperSmtpEndpoint = smtp.TlsWrapperEndpoint;
    }

    /// <summary>The HTTPS API's base address, <c>https://127.0.0.1:port/</c> (SES v2 paths below it, e.g. <c>v2/email/outbound-emails</c>).</summary>
    public Uri ApiEndpoint { get; }

    /// <summary>The SMTP STARTTLS endpoint (127.0.0.1 and a port).</summary>
    public IPEndPoint StartTlsSmtpEndpoint { get; }

    /// <summary>The SMTP implicit-TLS ("TLS wrapper") endpoint (127.0.0.1 and a port).</summary>
    public IPEndPoint TlsWrapperSmtpEndpoint { get; }

    /// <summary>The read-only page of captured messages (<c>https://127.0.0.1:port/_sandbox</c>); JSON at <c>/_sandbox/messages</c>.</summary>
    public Uri WebPage { get; }

    /// <summary>The region the sandbox checks SigV4 scopes and SMTP passwords against.</summary>
    public string Region => _context.Region;

    /// <summary>The API credentials the sandbox accepts (generated unless <see cref="SesSandboxOptions.Credentials"/> was set).</summary>
    public AwsCredentials Credentials => _context.Credentials;

    /// <summary>The SMTP credentials the sandbox accepts: the access key id and the password SES derives from the secret for <see cref="Region"/>.</summary>
    public SesSmtpCredentials SmtpCredentials => _context.SmtpCredentials;

    /// <summary>The sandbox CA's certificate (public part only): add it to a client's trust anchors.</summary>
    public X509Certificate2 CertificateAuthority => _context.Certificates.AuthorityPublic;

    /// <summary>
    /// A PEM file with <see cref="CertificateAuthority"/>, for tools outside .NET (<c>NODE_EXTRA_CA_CERTS</c>,
    /// <c>curl --cacert</c>, <c>openssl -CAfile</c>). Deleted when the sandbox is disposed.
    /// </summary>
    public string CertificateAuthorityPath { get; }

    /// <summary>Every message accepted so far, oldest first (a snapshot).</summary>
    public IReadOnlyList<SandboxMessage> Messages => _context.Recorder.Snapshot();

    /// <summary>The simulated receiving servers (hop 2): which domains accept TLS.</summary>
    public SandboxReceivers Receivers => _context.Receivers;

    /// <summary>The sandbox's configuration sets (none at start, like a fresh SES account).</summary>
    public SandboxConfigurationSets ConfigurationSets => _context.ConfigurationSets;

    /// <summary>Fault injection: throttling, rejection, dropped connections, TLS downgrades and bad certificates.</summary>
    public SandboxFaults Faults => _context.Faults;

    /// <summary>The server certificate the listeners present when no certificate fault is set (for tests).</summary>
    internal X509Certificate2 ServerCertificate => _context.Certificates.Server;

    /// <summary>Starts a sandbox on 127.0.0.1.</summary>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running sandbox.</returns>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">A fixed port is in use.</exception>
    public static async Task<SesSandbox> StartAsync(SesSandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SesSandboxOptions();
        options.Validate();
        var credentials = options.Credentials ?? GenerateCredentials();
        var certificates = SandboxCertificates.Create();
        var directory = Path.Combine(Path.GetTempPath(), "ses-sandbox-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        Directory.CreateDirectory(directory);
        var caPath = Path.Combine(directory, "sandbox-ca.pem");
        await File.WriteAllTextAsync(caPath, certificates.AuthorityPublic.ExportCertificatePem(), cancellationToken).ConfigureAwait(false);

        var context = new SandboxContext(options, credentials, certificates);
        var api = new SandboxApi(context);
        var smtp = new SandboxSmtp(context, options.StartTlsSmtpPort, options.TlsWrapperSmtpPort);
        try
        {
            await api.StartAsync(options.ApiPort, cancellationToken).ConfigureAwait(false);
            await smtp.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await smtp.DisposeAsync().ConfigureAwait(false);
            await api.DisposeAsync().ConfigureAwait(false);
            certificates.Dispose();
            TryDelete(directory);
            throw;
        }

        var sandbox = new SesSandbox(context, api, smtp, directory, caPath);
        SandboxLog.Started(context.Logger, sandbox.ApiEndpoint, sandbox.StartTlsSmtpEndpoint.ToString(), sandbox.TlsWrapperSmtpEndpoint.ToString(), context.Region);
        return sandbox;
    }

    /// <summary>
    /// Waits for a message matching <paramref name="predicate"/> (any message when <see langword="null"/>); returns at
    /// once when one was already received.
    /// </summary>
    /// <param name="predicate">The condition, or <see langword="null"/>.</param>
    /// <param name="timeout">How long to wait (real time); the default is 10 seconds.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The first matching message.</returns>
    /// <exception cref="TimeoutException">No matching message arrived in time.</exception>
    public Task<SandboxMessage> WaitForMessageAsync(Func<SandboxMessage, bool>? predicate = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        _context.Recorder.WaitForMessageAsync(predicate, timeout, cancellationToken);

    /// <summary>Waits until the sandbox holds at least <paramref name="count"/> messages.</summary>
    /// <param name="count">How many messages.</param>
    /// <param name="timeout">How long to wait (real time); the default is 10 seconds.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The first <paramref name="count"/> messages, oldest first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not positive.</exception>
    /// <exception cref="TimeoutException">Fewer messages arrived in time.</exception>
    public Task<IReadOnlyList<SandboxMessage>> WaitForMessagesAsync(int count, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        _context.Recorder.WaitForMessagesAsync(count, timeout, cancellationToken);

    /// <summary>Forgets every recorded message.</summary>
    public void ClearMessages() => _context.Recorder.Clear();

    /// <summary>Stops every listener, closes open connections, frees the ports and deletes <see cref="CertificateAuthorityPath"/>.</summary>
    /// <returns>A task that completes when everything is stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _smtp.DisposeAsync().ConfigureAwait(false);
        await _api.DisposeAsync().ConfigureAwait(false);
        _context.Faults.Reset();
        _context.Certificates.Dispose();
        TryDelete(_directory);
        SandboxLog.Stopped(_context.Logger);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"SesSandbox {{ Api = {ApiEndpoint}, StartTls = {StartTlsSmtpEndpoint}, TlsWrapper = {TlsWrapperSmtpEndpoint}, Region = {Region}, AccessKeyId = {Credentials.AccessKeyId} }}";

    // Shaped like AWS keys: "AKIA" + 16 upper-case letters and digits; a 40-character secret.
    private static AwsCredentials GenerateCredentials()
    {
        const string upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        const string secretChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        return new AwsCredentials(
            "AKIA" + RandomNumberGenerator.GetString(upper, 16),
            RandomNumberGenerator.GetString(secretChars, 40));
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
