using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Tests.Smtp.Peers;

/// <summary>
/// A real SMTP server in process (the <c>SmtpServer</c> NuGet package) on 127.0.0.1 with two endpoints: STARTTLS
/// (TLS required before AUTH) and implicit TLS. It requires AUTH, records the raw bytes of every message it stores,
/// counts sessions (open now, most at once, created in all) and the commands each session ran.
/// </summary>
public sealed class InProcessSmtpServer : IAsyncDisposable
{
    private readonly SmtpServer.SmtpServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly ConcurrentQueue<byte[]> _messages = new();
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly Settings _settings;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _open;
    private int _maxOpen;
    private int _created;
    private int _ended;
    private int _saveCalls;

    private InProcessSmtpServer(Settings settings, int startTlsPort, int implicitTlsPort)
    {
        _settings = settings;
        StartTlsPort = startTlsPort;
        ImplicitTlsPort = implicitTlsPort;

        var builder = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, StartTlsPort))
                .Certificate(settings.Certificate)
                .SupportedSslProtocols(settings.Protocols)
                .AuthenticationRequired(true)
                .AllowUnsecureAuthentication(false))
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, ImplicitTlsPort))
                .IsSecure(true)
                .Certificate(settings.Certificate)
                .SupportedSslProtocols(settings.Protocols)
                .AuthenticationRequired(true)
                .AllowUnsecureAuthentication(false));
        if (settings.MaxMessageSize is { } max)
        {
            builder.MaxMessageSize(max, MaxMessageSizeHandling.Strict);
        }

        if (settings.CommandWaitTimeout is { } wait)
        {
            builder.CommandWaitTimeout(wait);
        }

        var listeners = new EndpointListenerFactory();
        var started = 0;
        listeners.EndpointStarted += (_, _) =>
        {
            if (Interlocked.Increment(ref started) == 2)
            {
                _listening.TrySetResult();
            }
        };

        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new Store(this));
        services.Add(new Authenticator(settings.User, settings.Password));
        _server = new SmtpServer.SmtpServer(builder.Build(), services);
        _server.SessionCreated += (_, e) =>
        {
            Interlocked.Increment(ref _created);
            var open = Interlocked.Increment(ref _open);
            int seen;
            while (open > (seen = Volatile.Read(ref _maxOpen)) && Interlocked.CompareExchange(ref _maxOpen, open, seen) != seen)
            {
            }

            e.Context.CommandExecuting += (_, c) =>
            {
                _commands.Enqueue(c.Command.Name);
                Changed();
            };
            Changed();
        };
        _server.SessionCompleted += (_, _) => SessionEnded();
        _server.SessionFaulted += (_, _) => SessionEnded();
        _server.SessionCancelled += (_, _) => SessionEnded();
        _running = _server.StartAsync(_stop.Token);
    }

    /// <summary>The STARTTLS endpoint's port.</summary>
    public int StartTlsPort { get; }

    /// <summary>The implicit-TLS endpoint's port.</summary>
    public int ImplicitTlsPort { get; }

    /// <summary>The raw bytes of every stored message (the DATA content).</summary>
    public IReadOnlyList<byte[]> RawMessages => [.. _messages];

    /// <summary>The stored messages, parsed.</summary>
    public IReadOnlyList<MimeMessage> Messages => [.. _messages.Select(m => MimeMessage.Load(new MemoryStream(m)))];

    /// <summary>Command names run by all sessions, in order (EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, NOOP, QUIT...).</summary>
    public IReadOnlyList<string> Commands => [.. _commands];

    /// <summary>Sessions open right now.</summary>
    public int OpenSessions => Volatile.Read(ref _open);

    /// <summary>The most sessions that were open at the same time.</summary>
    public int MaxConcurrentSessions => Volatile.Read(ref _maxOpen);

    /// <summary>Sessions created in all.</summary>
    public int SessionsCreated => Volatile.Read(ref _created);

    /// <summary>Sessions that have ended.</summary>
    public int SessionsEnded => Volatile.Read(ref _ended);

    /// <summary>Times a message reached the store (accepted or answered by <see cref="Settings.Reply"/>).</summary>
    public int SaveCalls => Volatile.Read(ref _saveCalls);

    /// <summary>The port of the endpoint a transport kind uses.</summary>
    public int PortFor(SesTransportKind kind) => kind == SesTransportKind.StartTlsSmtp ? StartTlsPort : ImplicitTlsPort;

    /// <summary>Starts a server on two free ports of 127.0.0.1 and waits until both endpoints listen.</summary>
    public static async Task<InProcessSmtpServer> StartAsync(Action<Settings>? configure = null)
    {
        var settings = new Settings();
        configure?.Invoke(settings);
        for (var attempt = 1; ; attempt++)
        {
            var (first, second) = TwoFreePorts();
            var server = new InProcessSmtpServer(settings, first, second);
            var done = await Task.WhenAny(server._listening.Task, server._running, Task.Delay(TimeSpan.FromSeconds(10)));
            if (done == server._listening.Task)
            {
                return server;
            }

            await server.DisposeAsync();
            if (attempt == 5)
            {
                throw new InvalidOperationException("The in-process SMTP server could not listen on 127.0.0.1.", server._running.Exception);
            }
        }
    }

    // Two ports held at the same time, so they differ; another test may still take one before the server binds (retried).
    private static (int First, int Second) TwoFreePorts()
    {
        var a = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        var b = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        a.Start();
        b.Start();
        try
        {
            return (((IPEndPoint)a.LocalEndpoint).Port, ((IPEndPoint)b.LocalEndpoint).Port);
        }
        finally
        {
            a.Stop();
            b.Stop();
        }
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds (the server records asynchronously): it is checked again whenever a
    /// session starts or ends, a command runs or a message reaches the store, for at most 30 s (a generous bound that only
    /// a failing test waits out).
    /// </summary>
    public async Task<bool> WaitUntilAsync(Func<InProcessSmtpServer, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            // Taken before the check, so a change between the check and the wait completes it.
            var changed = Volatile.Read(ref _changed).Task;
            if (condition(this))
            {
                return true;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                return condition(this);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _server.Shutdown();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (OperationCanceledException)
        {
        }
        catch (TimeoutException)
        {
        }
        catch (System.Net.Sockets.SocketException)
        {
            // The server never listened (port taken); nothing to stop.
        }

        _stop.Dispose();
    }

    private void SessionEnded()
    {
        Interlocked.Decrement(ref _open);
        Interlocked.Increment(ref _ended);
        Changed();
    }

    private void Changed() =>
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>How the server behaves.</summary>
    public sealed class Settings
    {
        /// <summary>The server certificate (default: <see cref="TestCertificates.Localhost"/>).</summary>
        public X509Certificate2 Certificate { get; set; } = TestCertificates.Localhost;

        /// <summary>The TLS versions offered (default TLS 1.2 and 1.3).</summary>
        public SslProtocols Protocols { get; set; } = SslProtocols.Tls12 | SslProtocols.Tls13;

        /// <summary>The only accepted user name.</summary>
        public string User { get; set; } = SmtpTest.User;

        /// <summary>The only accepted password.</summary>
        public string Password { get; set; } = SmtpTest.Password;

        /// <summary>The SIZE limit advertised and enforced, if any.</summary>
        public int? MaxMessageSize { get; set; }

        /// <summary>How long the server waits for a command before it drops the session.</summary>
        public TimeSpan? CommandWaitTimeout { get; set; }

        /// <summary>
        /// Decides the reply to the n-th message that reaches the store (1-based): <see langword="null"/> stores it and
        /// answers like SES (<c>250 Ok &lt;id&gt;</c>); a reply is sent instead and the message is not stored.
        /// </summary>
        public Func<int, SmtpResponse?>? Reply { get; set; }
    }

    private sealed class Store(InProcessSmtpServer owner) : MessageStore
    {
        private int _ids;

        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref owner._saveCalls);
            if (owner._settings.Reply?.Invoke(n) is { } reply)
            {
                owner.Changed();
                return Task.FromResult(reply);
            }

            owner._messages.Enqueue(buffer.ToArray());
            owner.Changed();
            var id = $"0100018c{Interlocked.Increment(ref _ids):x8}-5e3d9a1b-7c42-4f0e-9b1d-2a6c8e4f1b3d-000000";
            return Task.FromResult(new SmtpResponse(SmtpReplyCode.Ok, "Ok " + id));
        }
    }

    private sealed class Authenticator(string user, string password) : UserAuthenticator
    {
        public override Task<bool> AuthenticateAsync(ISessionContext context, string user1, string password1, CancellationToken cancellationToken) =>
            Task.FromResult(user1 == user && password1 == password);
    }
}
