using System.Collections.Concurrent;

namespace Ses.Transport.Tests.Credentials.Fixtures;

/// <summary>
/// A real <see cref="SocketsHttpHandler"/> that first records the URI of every request it is asked to send, so
/// tests can prove that a request was never made (or went only where allowed). It sends only to 127.0.0.1:
/// a request anywhere else fails here, so a bug can never make a test talk to another address.
/// </summary>
public sealed class RecordingHandler : DelegatingHandler
{
    private readonly ConcurrentQueue<Uri> _uris = new();

    public RecordingHandler()
        : base(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
    {
    }

    public int Requests => _uris.Count;

    public IReadOnlyCollection<Uri> Uris => _uris;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _uris.Enqueue(request.RequestUri!);
        return request.RequestUri!.Host == "127.0.0.1"
            ? base.SendAsync(request, cancellationToken)
            : throw new HttpRequestException($"The test handler sends only to 127.0.0.1, not {request.RequestUri.Host}.");
    }
}
