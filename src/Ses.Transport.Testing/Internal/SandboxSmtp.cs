using System.Net;
using System.Security.Cryptography.X509Certificates;
using SmtpServer;

namespace Ses.Transport.Testing.Internal;

/// <summary>
/// The sandbox's two SMTP endpoints on the SmtpServer package: STARTTLS (TLS required before AUTH) and implicit TLS.
/// AUTH is required before MAIL; idle sessions are closed after the idle timeout.
/// </summary>
internal sealed class SandboxSmtp : IAsyncDisposable
{
    private readonly SandboxSmtpListenerFactory _listeners;
    private readonly SmtpServer.SmtpServer _server;
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;

    public SandboxSmtp(SandboxContext sandbox, int startTlsPort, int tlsWrapperPort)
    {
        _listeners = new SandboxSmtpListenerFactory(sandbox.Tls, sandbox.Logger);
        var certificates = new CurrentCertificate(sandbox.Tls);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("email-smtp." + sandbox.Region + ".sandbox.localhost")
            .MaxMessageSize(sandbox.MaxMessageSize, MaxMessageSizeHandling.Strict)
            .CommandWaitTimeout(sandbox.IdleTimeout)
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, startTlsPort))
                .IsSecure(false)
                .Certificate(certificates)
                .SupportedSslProtocols(sandbox.Tls.CurrentProtocols)
                .AuthenticationRequired(true)

                // AUTH before TLS never reaches SmtpServer: StartTlsFirstReader answers 530 as SES does.
                .AllowUnsecureAuthentication(false))
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, tlsWrapperPort))
                .IsSecure(true)
                .Certificate(certificates)
                .SupportedSslProtocols(sandbox.Tls.CurrentProtocols)
                .AuthenticationRequired(true)
                .AllowUnsecureAuthentication(false))
            .Build();

        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_listeners);
        services.Add(new SandboxSmtpCommandFactory(sandbox.Faults, sandbox.MaxMessageSize));
        services.Add(new SandboxSmtpAuthenticator(sandbox));
        services.Add(new SandboxMessageStore(sandbox));
        _server = new SmtpServer.SmtpServer(options, services);
    }

    public IPEndPoint StartTlsEndpoint { get; private set; } = new(IPAddress.Loopback, 0);

    public IPEndPoint TlsWrapperEndpoint { get; private set; } = new(IPAddress.Loopback, 0);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _running = _server.StartAsync(_stop.Token);
        _ = _running.ContinueWith(t => _listeners.Fail(t.Exception?.GetBaseException() ?? new InvalidOperationException("The SMTP server stopped.")), TaskScheduler.Default);
        StartTlsEndpoint = await _listeners.StartTlsEndpoint.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        TlsWrapperEndpoint = await _listeners.TlsWrapperEndpoint.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _server.Shutdown();
        _listeners.CloseAll();
        if (_running is { } running)
        {
            try
            {
                await running.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            catch (TimeoutException)
            {
            }
            catch (System.Net.Sockets.SocketException)
            {
                // A listener never bound; StartAsync reported it.
            }
        }

        _listeners.CloseAll();
        _stop.Dispose();
    }

    private sealed class CurrentCertificate(SandboxTls tls) : ICertificateFactory
    {
        public X509Certificate GetServerCertificate(ISessionContext sessionContext) => tls.CurrentCertificate;
    }
}
