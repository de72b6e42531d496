using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;

namespace Ses.Transport.Testing.Internal;

/// <summary>
/// Creates the SMTP listeners on 127.0.0.1 (port 0 = a free port), reports the bound endpoints, hands out
/// <see cref="SandboxPipe"/> connections, and closes every listener and connection on shutdown.
/// </summary>
internal sealed class SandboxSmtpListenerFactory(SandboxTls tls, ILogger logger) : IEndpointListenerFactory
{
    private readonly ConcurrentDictionary<SandboxPipe, byte> _pipes = new();
    private readonly ConcurrentBag<TcpListener> _listeners = [];
    private readonly TaskCompletionSource<IPEndPoint> _startTls = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<IPEndPoint> _tlsWrapper = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SandboxTls Tls => tls;

    public ILogger Logger => logger;

    public Task<IPEndPoint> StartTlsEndpoint => _startTls.Task;

    public Task<IPEndPoint> TlsWrapperEndpoint => _tlsWrapper.Task;

    public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
    {
        var listener = new TcpListener(endpointDefinition.Endpoint);
        try
        {
            listener.Start();
        }
        catch (SocketException ex)
        {
            (endpointDefinition.IsSecure ? _tlsWrapper : _startTls).TrySetException(ex);
            throw;
        }

        _listeners.Add(listener);
        (endpointDefinition.IsSecure ? _tlsWrapper : _startTls).TrySetResult((IPEndPoint)listener.LocalEndpoint);
        return new Listener(this, listener);
    }

    public void Fail(Exception exception)
    {
        _startTls.TrySetException(exception);
        _tlsWrapper.TrySetException(exception);
    }

    public void CloseAll()
    {
        foreach (var listener in _listeners)
        {
            listener.Stop();
            listener.Dispose();
        }

        foreach (var pipe in _pipes.Keys)
        {
            pipe.Abort();
        }
    }

    private sealed class Listener(SandboxSmtpListenerFactory owner, TcpListener listener) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            context.Properties[EndpointListener.LocalEndPointKey] = client.Client.LocalEndPoint!;
            context.Properties[EndpointListener.RemoteEndPointKey] = client.Client.RemoteEndPoint!;
            var pipe = new SandboxPipe(client, owner.Tls, owner.Logger, p => owner._pipes.TryRemove(p, out _));
            owner._pipes.TryAdd(pipe, 0);
            return pipe;
        }

        public void Dispose()
        {
            listener.Stop();
            listener.Dispose();
        }
    }
}
