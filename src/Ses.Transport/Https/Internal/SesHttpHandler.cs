using System.Net;
using System.Net.Security;
using Ses.Transport.Internal;

namespace Ses.Transport.Https.Internal;

/// <summary>
/// Builds the primary handler of the SES API clients: a <see cref="SocketsHttpHandler"/> offering only TLS 1.2 and
/// 1.3 (or 1.3 alone), checking the server certificate with the shared <see cref="CertificateValidator"/> (trust
/// anchors, host name, no accept-all), pooling connections for a bounded time, no proxy surprises, no redirects,
/// no cookies. Dependency injection uses <see cref="Configure"/> for the handler of an <c>IHttpClientFactory</c> client.
/// </summary>
internal static class SesHttpHandler
{
    /// <summary>A new handler configured for <paramref name="options"/>.</summary>
    /// <param name="options">The transport settings (validated by the caller).</param>
    /// <param name="state">Receives the negotiated TLS parameters and certificate refusals; optional.</param>
    public static SocketsHttpHandler Create(HttpsTransportOptions options, HttpsTlsState? state = null)
    {
        var handler = new SocketsHttpHandler();
        Configure(handler, options, state);
        return handler;
    }

    /// <summary>Applies the SES settings to <paramref name="handler"/> (TLS, certificate checks, pool, no redirects or cookies).</summary>
    /// <param name="handler">The handler to configure; not yet used for a request.</param>
    /// <param name="options">The transport settings (validated by the caller).</param>
    /// <param name="state">Receives the negotiated TLS parameters and certificate refusals; optional.</param>
    public static void Configure(SocketsHttpHandler handler, HttpsTransportOptions options, HttpsTlsState? state = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        var validator = new CertificateValidator(options.Tls);

        handler.SslOptions.EnabledSslProtocols = validator.Protocols;
        handler.SslOptions.CertificateRevocationCheckMode = options.Tls.RevocationMode;
        handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
        {
            if (validator.Validate(certificate, chain, errors) is { } failure)
            {
                state?.RecordRefused(failure);
                return false;
            }

            state?.RecordAccepted(sender);
            return true;
        };

        handler.PooledConnectionLifetime = options.PooledConnectionLifetime;
        handler.PooledConnectionIdleTimeout = options.PooledConnectionLifetime < TimeSpan.FromMinutes(1) ? options.PooledConnectionLifetime : TimeSpan.FromMinutes(1);
        handler.MaxConnectionsPerServer = options.MaxConnectionsPerServer;
        handler.ConnectTimeout = options.OperationTimeout;
        handler.AllowAutoRedirect = false;
        handler.UseCookies = false;
        handler.AutomaticDecompression = DecompressionMethods.None;
        handler.EnableMultipleHttp2Connections = true;
    }
}
