using System.Net;
using System.Net.Http.Headers;

namespace Ses.Transport.Https.Internal;

/// <summary>
/// Request content over a segment of a buffer the caller owns and keeps alive (it is reused by retries and the
/// re-signed request), written to the connection as is: no copy.
/// </summary>
internal sealed class PooledBodyContent : HttpContent
{
    private readonly ReadOnlyMemory<byte> _body;

    public PooledBodyContent(ReadOnlyMemory<byte> body)
    {
        _body = body;
        Headers.ContentType = new MediaTypeHeaderValue("application/json");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(_body).AsTask();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(_body, cancellationToken).AsTask();

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.Write(_body.Span);

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }
}
