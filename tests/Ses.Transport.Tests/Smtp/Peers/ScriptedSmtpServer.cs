using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Tests.Smtp.Peers;

/// <summary>
/// A hostile SMTP server on 127.0.0.1 made from a <see cref="TcpListener"/> and a script per connection, for what no
/// well-behaved server does: refuse STARTTLS, inject plaintext after <c>220 Ready to start TLS</c>, drop the
/// connection in the middle of DATA. It records every byte received in clear and every command line.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<ScriptedConnection, Task> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ScriptedConnection> _connections = new();
    private readonly ConcurrentQueue<Task> _tasks = new();
    private readonly Task _accepting;

    private ScriptedSmtpServer(Func<ScriptedConnection, Task> script)
    {
        _script = script;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Every connection so far.</summary>
    public IReadOnlyList<ScriptedConnection> Connections => [.. _connections];

    /// <summary>Everything all connections received before TLS, as Latin-1 text.</summary>
    public string Plaintext => string.Concat(Connections.Select(c => c.PlaintextText));

    /// <summary>Messages received (DATA content) over all connections.</summary>
    public IReadOnlyList<byte[]> Messages => [.. Connections.SelectMany(c => c.Messages)];

    /// <summary>Starts the server; <paramref name="script"/> runs for each accepted connection.</summary>
    public static ScriptedSmtpServer Start(Func<ScriptedConnection, Task> script) => new(script);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var c in _connections)
        {
            c.Abort();
        }

        try
        {
            await Task.WhenAll([_accepting, .. _tasks]).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
            // Scripts end with the connections they were serving.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var index = 0;
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            var connection = new ScriptedConnection(client, ++index);
            _connections.Enqueue(connection);
            _tasks.Enqueue(Task.Run(async () =>
            {
                try
                {
                    await _script(connection);
                }
                catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or AuthenticationException)
                {
                    // The client went away; that is what most hostile scripts provoke.
                }
                finally
                {
                    connection.Abort();
                }
            }));
        }
    }
}

/// <summary>One connection of a <see cref="ScriptedSmtpServer"/>.</summary>
public sealed class ScriptedConnection
{
    private readonly TcpClient _client;
    private readonly MemoryStream _plaintext = new();
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly ConcurrentQueue<byte[]> _messages = new();
    private Stream _stream;

    internal ScriptedConnection(TcpClient client, int index)
    {
        _client = client;
        _stream = client.GetStream();
        Index = index;
    }

    /// <summary>1 for the first connection the server accepted.</summary>
    public int Index { get; }

    /// <summary>Whether TLS is up.</summary>
    public bool IsTls => _stream is SslStream;

    /// <summary>The bytes received before TLS, as Latin-1 text.</summary>
    public string PlaintextText
    {
        get
        {
            lock (_plaintext)
            {
                return Encoding.Latin1.GetString(_plaintext.ToArray());
            }
        }
    }

    /// <summary>Command lines received (after TLS too); AUTH continuation lines are not kept.</summary>
    public IReadOnlyList<string> Commands => [.. _commands];

    /// <summary>Message contents received.</summary>
    public IReadOnlyList<byte[]> Messages => [.. _messages];

    /// <summary>Writes text as is (a script decides line endings, and may write several replies at once).</summary>
    public async Task WriteAsync(string text)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(text));
        await _stream.FlushAsync();
    }

    /// <summary>Reads one line (without CRLF) byte by byte, so nothing after it is consumed; <see langword="null"/> at end of stream.</summary>
    public async Task<string?> ReadLineAsync()
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            var n = await _stream.ReadAsync(one);
            if (n == 0)
            {
                return line.Count == 0 ? null : Encoding.Latin1.GetString([.. line]);
            }

            if (!IsTls)
            {
                lock (_plaintext)
                {
                    _plaintext.WriteByte(one[0]);
                }
            }

            if (one[0] == (byte)'\n')
            {
                if (line.Count > 0 && line[^1] == (byte)'\r')
                {
                    line.RemoveAt(line.Count - 1);
                }

                return Encoding.Latin1.GetString([.. line]);
            }

            line.Add(one[0]);
        }
    }

    /// <summary>Reads a command line and records it.</summary>
    public async Task<string?> ReadCommandAsync()
    {
        var line = await ReadLineAsync();
        if (line is not null)
        {
            _commands.Enqueue(line);
        }

        return line;
    }

    /// <summary>Runs the server side of a TLS handshake on the connection.</summary>
    public async Task UpgradeAsync(X509Certificate2? certificate = null, SslProtocols protocols = SslProtocols.Tls12 | SslProtocols.Tls13)
    {
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = certificate ?? TestCertificates.Localhost,
            EnabledSslProtocols = protocols,
        });
        _stream = tls;
    }

    /// <summary>
    /// Plays a plain SMTP server after the greeting: EHLO (with <paramref name="ehloExtensions"/>), AUTH PLAIN/LOGIN
    /// (any credentials), MAIL, RCPT, DATA, NOOP, RSET, QUIT. <paramref name="onData"/> decides what happens to a
    /// message: it gets the connection and the DATA content and returns the reply to send, or <see langword="null"/>
    /// to send none (it may have closed the connection).
    /// </summary>
    public async Task ServeAsync(string[] ehloExtensions, Func<ScriptedConnection, byte[], Task<string?>>? onData = null, Func<ScriptedConnection, int, Task<bool>>? duringData = null)
    {
        while (await ReadCommandAsync() is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    var reply = new StringBuilder("250-localhost\r\n");
                    for (var i = 0; i < ehloExtensions.Length; i++)
                    {
                        reply.Append(i == ehloExtensions.Length - 1 ? "250 " : "250-").Append(ehloExtensions[i]).Append("\r\n");
                    }

                    await WriteAsync(ehloExtensions.Length == 0 ? "250 localhost\r\n" : reply.ToString());
                    break;
                case "AUTH" when line.Split(' ').Length >= 3:
                    await WriteAsync("235 2.7.0 Authentication successful\r\n");
                    break;
                case "AUTH":
                    // AUTH LOGIN or PLAIN without initial response: two (LOGIN) or one (PLAIN) continuations.
                    var steps = line.Contains("LOGIN", StringComparison.OrdinalIgnoreCase) ? 2 : 1;
                    for (var i = 0; i < steps; i++)
                    {
                        await WriteAsync("334 \r\n");
                        await ReadLineAsync();
                    }

                    await WriteAsync("235 2.7.0 Authentication successful\r\n");
                    break;
                case "MAIL":
                case "RCPT":
                case "RSET":
                case "NOOP":
                    await WriteAsync("250 Ok\r\n");
                    break;
                case "DATA":
                    await WriteAsync("354 End data with <CR><LF>.<CR><LF>\r\n");
                    var content = new MemoryStream();
                    var bytes = 0;
                    while (await ReadLineAsync() is { } dataLine && dataLine != ".")
                    {
                        var unstuffed = dataLine.StartsWith('.') ? dataLine[1..] : dataLine;
                        content.Write(Encoding.Latin1.GetBytes(unstuffed + "\r\n"));
                        bytes += dataLine.Length + 2;
                        if (duringData is not null && !await duringData(this, bytes))
                        {
                            return;
                        }
                    }

                    var answer = onData is null ? Accept(content.ToArray()) : await onData(this, content.ToArray());
                    if (answer is null)
                    {
                        return;
                    }

                    await WriteAsync(answer);
                    break;
                case "QUIT":
                    await WriteAsync("221 Bye\r\n");
                    return;
                default:
                    await WriteAsync("502 5.5.2 Command not recognized\r\n");
                    break;
            }
        }
    }

    /// <summary>Stores a message and returns SES's style of reply.</summary>
    public string Accept(byte[] content)
    {
        _messages.Enqueue(content);
        return $"250 Ok 0100018cscripted{Index:D4}-000000\r\n";
    }

    /// <summary>Closes the connection at once.</summary>
    public void Abort()
    {
        try
        {
            if (_client.Client is { } socket)
            {
                socket.LingerState = new LingerOption(true, 0);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }

        _client.Dispose();
    }
}
