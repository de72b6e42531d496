using System.Net;

namespace Ses.Transport.Credentials.Internal;

/// <summary>A status and a body read in full (at most <see cref="MetadataHttp.MaxResponseBytes"/>).</summary>
internal readonly record struct MetadataAnswer(HttpStatusCode Status, byte[] Body)
{
    public bool IsSuccess => (int)Status is >= 200 and <= 299;
}
