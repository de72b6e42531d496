using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using SmtpServer.IO;

namespace Ses.Transport.Testing.Internal;

/// <summary>
/// One SMTP connection for the SmtpServer package, as its own <c>SecurableDuplexPipe</c> does it, plus what the
/// sandbox needs: TLS settings taken from the sandbox at handshake time (so certificate and protocol faults apply),
/// the negotiated cipher suite, and an abort that drops the connection without a reply.
/// </summary>
internal sealed class SandboxPipe : ISecurableDuplexPipe
{
    private readonly TcpClient _client;
    private readonly Socket _socket;
    private readonly SandboxTls _tls;
    private readonly Action<SandboxPipe> _onDispose;
    private Stream _stream;
    private int _disposed;

    public SandboxPipe(TcpClient client, SandboxTls tls, ILogger logger, Action<SandboxPipe> onDispose)
    {
        _client = client;
        Logger = logger;
        _socket = client.Client;
        _tls = tls;
        _onDispose = onDispose;
        _stream = client.GetStream();
        Input = new StartTlsFirstReader(PipeReader.Create(_stream), this);
        Output = PipeWriter.Create(_stream);
    }

    public ILogger Logger { get; }

    public PipeReader Input { get; private set; }

    public PipeWriter Output { get; private set; }

    public bool IsSecure => _stream is SslStream;

    public SslProtocols SslProtocol => (_stream as SslStream)?.SslProtocol ?? SslProtocols.None;

    public TlsCipherSuite? CipherSuite => (_stream as SslStream)?.NegotiatedCipherSuite;

    // The certificate and protocols SmtpServer passes are its endpoint's static ones; the sandbox's current ones win.
    public async Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default)
    {
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: true);
        try
        {
            await ssl.AuthenticateAsServerAsync(_tls.CreateServerOptions(), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _stream = ssl;
        Input = PipeReader.Create(ssl);
        Output = PipeWriter.Create(ssl);
    }

    /// <summary>Writes bytes straight to the connection (used only while SmtpServer waits for a command).</summary>
    public async ValueTask WriteRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops the connection at once (TCP reset), with no reply.</summary>
    public void Abort()
    {
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
            _socket.Close();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // Closed already.
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _stream.Dispose();
        }
        catch (IOException)
        {
            // The peer is gone already.
        }

        _client.Dispose();
        _onDispose(this);
    }
}
