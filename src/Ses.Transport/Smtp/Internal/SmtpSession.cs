using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Ses.Transport.Diagnostics;
using Ses.Transport.Internal;
using AuthenticationException = MailKit.Security.AuthenticationException;

namespace Ses.Transport.Smtp.Internal;

/// <summary>
/// One authenticated SMTP connection over TLS (MailKit <see cref="SmtpClient"/>). Every failure leaves it as a typed
/// <see cref="SesTransportException"/>; a session that failed is never used again.
/// </summary>
internal sealed class SmtpSession
{
    private readonly SmtpEndpoint _endpoint;
    private readonly SmtpClient _client;
    private bool _faulted;

    private SmtpSession(SmtpEndpoint endpoint, SmtpClient client)
    {
        _endpoint = endpoint;
        _client = client;
        OpenedAt = LastUsedAt = endpoint.TimeProvider.GetTimestamp();
    }

    /// <summary>When the connection was opened (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long OpenedAt { get; }

    /// <summary>When the connection last completed a command.</summary>
    public long LastUsedAt { get; private set; }

    /// <summary>Messages the server accepted on this connection.</summary>
    public int MessagesSent { get; private set; }

    /// <summary>Whether the connection can carry another message.</summary>
    public bool IsUsable => !_faulted && _client.IsConnected && _client.IsAuthenticated;

    /// <summary>The server's advertised SIZE limit, or <see langword="null"/> when it advertised none.</summary>
    public long? ServerMaxSize => _client.Capabilities.HasFlag(SmtpCapabilities.Size) && _client.MaxSize > 0 ? _client.MaxSize : null;

    /// <summary>The negotiated TLS protocol.</summary>
    public SslProtocols TlsProtocol => _client.SslProtocol;

    /// <summary>The negotiated cipher suite.</summary>
    public TlsCipherSuite? CipherSuite => _client.SslCipherSuite;

    /// <summary>
    /// Connects, establishes TLS (STARTTLS or from the first byte, as the endpoint says) and authenticates.
    /// Credentials are sent only after the handshake succeeded and the certificate was accepted.
    /// </summary>
    /// <exception cref="SesTlsException">TLS could not be established as required; nothing sensitive was sent.</exception>
    /// <exception cref="SesAuthenticationException">The server refused the credentials or offered no AUTH.</exception>
    /// <exception cref="SesConnectionException">The connection failed.</exception>
    public static async Task<SmtpSession> OpenAsync(SmtpEndpoint endpoint, CancellationToken cancellationToken)
    {
        TlsFailure? certificateFailure = null;
        var client = new SmtpClient
        {
            SslProtocols = endpoint.Certificates.Protocols,
            CheckCertificateRevocation = endpoint.CheckRevocation,
            Timeout = endpoint.TimeoutMilliseconds,
        };
        client.ServerCertificateValidationCallback = endpoint.Certificates.CreateCallback(failure => certificateFailure = failure);

        var authenticating = false;
        StartTlsGuardStream? guard = null;
        Stream? stream = null;
        try
        {
            var network = await ConnectSocketAsync(endpoint, cancellationToken).ConfigureAwait(false);
            stream = network;
            if (endpoint.Security == SecureSocketOptions.StartTls)
            {
                stream = guard = new StartTlsGuardStream(network);
            }

            await client.ConnectAsync(stream, endpoint.Host, endpoint.Port, endpoint.Security, cancellationToken).ConfigureAwait(false);
            if (!client.IsSecure)
            {
                // Unreachable with StartTls/SslOnConnect; kept so a change in MailKit can never lead to AUTH in clear.
                throw new SesTlsException(TlsFailure.HandshakeFailed, "The connection is not encrypted; nothing was sent.") { Transport = endpoint.Transport };
            }

            authenticating = true;
            await client.AuthenticateAsync(endpoint.Credentials.UserName, endpoint.Credentials.Password, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            stream?.Dispose();
            var mapped = guard is { InjectionDetected: true }
                ? new SesTlsException(TlsFailure.PlaintextInjection, "The server sent plaintext after agreeing to STARTTLS (RFC 3207 §4.2); the connection was refused and nothing was sent.", ex) { Transport = endpoint.Transport }
                : MapOpenFailure(endpoint, client, ex, certificateFailure, authenticating);
            client.Dispose();
            switch (mapped)
            {
                case SesTlsException tls:
                    Log.SmtpTlsFailed(endpoint.Logger, endpoint.Transport, endpoint.Host, endpoint.Port, tls.Failure);
                    break;
                case SesAuthenticationException auth:
                    Log.SmtpAuthenticationFailed(endpoint.Logger, endpoint.Transport, endpoint.Host, endpoint.Port, auth.SmtpStatusCode);
                    break;
                default:
                    Log.SmtpConnectionFailed(endpoint.Logger, endpoint.Transport, endpoint.Host, endpoint.Port, ex.GetType().Name);
                    break;
            }

            throw mapped;
        }
        catch
        {
            client.Dispose();
            stream?.Dispose();
            throw;
        }

        Log.SmtpConnected(endpoint.Logger, endpoint.Transport, endpoint.Host, endpoint.Port, client.SslProtocol, client.SslCipherSuite?.ToString() ?? "unknown");
        return new SmtpSession(endpoint, client);
    }

    /// <summary>
    /// Opens the TCP connection (any address of the host, within the operation timeout). Network timeouts run on the
    /// real clock, as MailKit's own do; the injected <see cref="TimeProvider"/> drives pool ages, idle checks and retries.
    /// </summary>
    private static async Task<NetworkStream> ConnectSocketAsync(SmtpEndpoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(endpoint.TimeoutMilliseconds);
        try
        {
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"Connecting to {endpoint.Host}:{endpoint.Port} took longer than {endpoint.TimeoutMilliseconds} ms.", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="message"/> (MAIL, RCPT, DATA) and returns the server's final reply text.</summary>
    /// <exception cref="SesTransportException">The send failed; the session is then no longer usable.</exception>
    public async Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var progress = new DataProgress();
        try
        {
            var reply = await _client.SendAsync(TransportFormat.Options, message, cancellationToken, progress).ConfigureAwait(false);
            MessagesSent++;
            LastUsedAt = _endpoint.TimeProvider.GetTimestamp();
            return reply;
        }
        catch (Exception ex)
        {
            // After any failure the SMTP state (open transaction, half-written DATA) is unknown: never reuse.
            _faulted = true;
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            var mapped = SmtpReplyMapper.FromSendFailure(_endpoint.Transport, ex, progress.BytesSent, _endpoint.Redactor);
            if (mapped.SmtpStatusCode is { } code)
            {
                Log.SmtpErrorReply(_endpoint.Logger, _endpoint.Transport, _endpoint.Host, _endpoint.Port, code, mapped.ServerMessage ?? string.Empty);
            }
            else if (progress.BytesSent > 0 && mapped is SesConnectionException)
            {
                Log.SmtpConnectionLostDuringData(_endpoint.Logger, _endpoint.Transport, _endpoint.Host, _endpoint.Port, progress.BytesSent, progress.TotalBytes);
            }
            else
            {
                Log.SmtpConnectionFailed(_endpoint.Logger, _endpoint.Transport, _endpoint.Host, _endpoint.Port, ex.GetType().Name);
            }

            throw mapped;
        }
    }

    /// <summary>Checks the connection with <c>NOOP</c>; <see langword="false"/> when it is gone.</summary>
    public async Task<bool> NoOpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.NoOpAsync(cancellationToken).ConfigureAwait(false);
            LastUsedAt = _endpoint.TimeProvider.GetTimestamp();
            return true;
        }
        catch (Exception ex) when (ex is SmtpCommandException || SmtpReplyMapper.IsConnectionFailure(ex))
        {
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                _faulted = true;
                throw;
            }

            _faulted = true;
            return false;
        }
    }

    /// <summary>Closes the connection, with <c>QUIT</c> when it is still usable. Never throws.</summary>
    public async Task CloseAsync(string reason)
    {
        try
        {
            if (IsUsable)
            {
                // A server that does not answer QUIT must not hold up disposal for a whole operation timeout.
                using var quitTimeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(Math.Min(_endpoint.TimeoutMilliseconds, 5000)));
                await _client.DisconnectAsync(quit: true, quitTimeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SmtpCommandException || SmtpReplyMapper.IsConnectionFailure(ex))
        {
            // The server went away first; the socket is closed below either way.
        }
        finally
        {
            _faulted = true;
            _client.Dispose();
            Log.SmtpConnectionClosed(_endpoint.Logger, _endpoint.Transport, _endpoint.Host, _endpoint.Port, MessagesSent, reason);
        }
    }

    private static SesTransportException MapOpenFailure(SmtpEndpoint endpoint, SmtpClient client, Exception ex, TlsFailure? certificateFailure, bool authenticating)
    {
        var transport = endpoint.Transport;
        var inner = endpoint.Redactor.SafeInner(ex);
        switch (ex)
        {
            case SesTransportException typed:
                return typed;

            // MailKit with SecureSocketOptions.StartTls: "The SMTP server does not support the STARTTLS extension."
            case NotSupportedException when !authenticating && endpoint.Security == SecureSocketOptions.StartTls:
                return new SesTlsException(TlsFailure.StartTlsNotOffered, "The server did not offer STARTTLS; nothing was sent in clear.", inner) { Transport = transport };

            case NotSupportedException when authenticating:
                return new SesAuthenticationException("The server offered no AUTH mechanism, so the credentials could not be used.", inner) { Transport = transport };

            case SslHandshakeException or System.Security.Authentication.AuthenticationException:
                var failure = certificateFailure ?? TlsFailureClassifier.Classify(ex);
                return new SesTlsException(failure, $"TLS with {endpoint.Host}:{endpoint.Port} could not be established ({failure}); nothing was sent.", inner) { Transport = transport };

            // The STARTTLS command itself was answered with an error (RFC 3207 §4: 454 TLS not available).
            case SmtpCommandException command when !authenticating && endpoint.Security == SecureSocketOptions.StartTls
                                                   && client.Capabilities.HasFlag(SmtpCapabilities.StartTLS) && !client.IsSecure:
                var text = SmtpReplyMapper.Clean(command.Message, endpoint.Redactor);
                return new SesTlsException(TlsFailure.StartTlsRefused, $"The server refused STARTTLS: {(int)command.StatusCode} {text}; nothing was sent in clear.", inner)
                {
                    Transport = transport, SmtpStatusCode = (int)command.StatusCode, ServerMessage = text,
                };

            case AuthenticationException auth:
                var code = auth.InnerException is SmtpCommandException rejected ? (int)rejected.StatusCode : 535;
                var serverText = SmtpReplyMapper.Clean(auth.Message, endpoint.Redactor);
                return new SesAuthenticationException($"The server refused the credentials: {code} {serverText}".TrimEnd(), inner)
                {
                    Transport = transport, SmtpStatusCode = code, ServerMessage = serverText,
                };

            case SmtpCommandException command:
                return SmtpReplyMapper.FromReply(transport, (int)command.StatusCode, command.Message, endpoint.Redactor, command);

            default:
                return SmtpReplyMapper.IsConnectionFailure(ex)
                    ? new SesConnectionException($"Could not connect to {endpoint.Host}:{endpoint.Port} ({ex.GetType().Name}).", inner) { Transport = transport }
                    : new SesTransportException($"Could not connect to {endpoint.Host}:{endpoint.Port} ({ex.GetType().Name}).", isTransient: false, inner) { Transport = transport };
        }
    }

    /// <summary>Counts the message bytes MailKit has written during DATA, to tell "lost before" from "lost after" the data.</summary>
    private sealed class DataProgress : ITransferProgress
    {
        public long BytesSent { get; private set; }

        public long TotalBytes { get; private set; }

        public void Report(long bytesTransferred, long totalSize)
        {
            BytesSent = bytesTransferred;
            TotalBytes = totalSize;
        }

        public void Report(long bytesTransferred) => BytesSent = bytesTransferred;
    }
}
