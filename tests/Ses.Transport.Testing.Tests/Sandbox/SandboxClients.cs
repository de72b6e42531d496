using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Ses.Transport.Credentials;
using Ses.Transport.Signing;
using Ses.Transport.Smtp;

namespace Ses.Transport.Testing.Tests.Sandbox;

/// <summary>Clients pointed at a sandbox: SigV4-signed HTTP calls, the library's SMTP transports, certificate trust.</summary>
internal static class SandboxClients
{
    /// <summary>The SES v2 SendEmail path.</summary>
    public const string SendPath = "v2/email/outbound-emails";

    /// <summary>A certificate check that trusts only <paramref name="authority"/> and wants the right host name.</summary>
    public static RemoteCertificateValidationCallback TrustOnly(X509Certificate2 authority) => (_, certificate, _, errors) =>
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    };

    public static HttpClient Http(SesSandbox sandbox) => new(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = TrustOnly(sandbox.CertificateAuthority) },
        PooledConnectionLifetime = TimeSpan.Zero,
    })
    { BaseAddress = sandbox.ApiEndpoint };

    /// <summary>Sends a request signed with the library's <see cref="AwsSigV4Signer"/>; <paramref name="tamper"/> runs after signing.</summary>
    public static async Task<HttpResponseMessage> SendSignedAsync(
        SesSandbox sandbox,
        HttpMethod method,
        string path,
        string? json = null,
        AwsCredentials? credentials = null,
        DateTimeOffset? signingTime = null,
        string? region = null,
        Action<HttpRequestMessage>? tamper = null)
    {
        using var http = Http(sandbox);
        using var request = new HttpRequestMessage(method, new Uri(sandbox.ApiEndpoint, path));
        var body = json is null ? [] : Encoding.UTF8.GetBytes(json);
        if (json is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        var hash = new byte[32];
        AwsSigV4Signer.HashPayload(body, hash);
        new AwsSigV4Signer(region ?? sandbox.Region, "ses").Sign(request, hash, credentials ?? sandbox.Credentials, signingTime ?? DateTimeOffset.UtcNow);
        tamper?.Invoke(request);
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>A signed SendEmail call with <paramref name="message"/> (a fresh one when null) as raw content.</summary>
    public static Task<HttpResponseMessage> SendRawAsync(SesSandbox sandbox, MimeMessage? message = null, string? configurationSet = null) =>
        SendSignedAsync(sandbox, HttpMethod.Post, SendPath, RawSendJson(message ?? Message(), configurationSet));

    /// <summary>A MailKit client connected (not authenticated) to the sandbox port of <paramref name="kind"/>, trusting only its CA.</summary>
    public static async Task<SmtpClient> MailKitAsync(SesSandbox sandbox, SesTransportKind kind = SesTransportKind.StartTlsSmtp)
    {
        var client = new SmtpClient();
        client.ServerCertificateValidationCallback = TrustOnly(sandbox.CertificateAuthority);
        var (port, security) = kind == SesTransportKind.StartTlsSmtp
            ? (sandbox.StartTlsSmtpEndpoint.Port, SecureSocketOptions.StartTls)
            : (sandbox.TlsWrapperSmtpEndpoint.Port, SecureSocketOptions.SslOnConnect);
        await client.ConnectAsync("127.0.0.1", port, security);
        return client;
    }

    /// <summary>A MailKit client on the STARTTLS port, authenticated with the sandbox's SMTP credentials.</summary>
    public static async Task<SmtpClient> AuthenticatedMailKitAsync(SesSandbox sandbox)
    {
        var client = await MailKitAsync(sandbox);
        await client.AuthenticateAsync(sandbox.SmtpCredentials.UserName, sandbox.SmtpCredentials.Password);
        return client;
    }

    public static string RawSendJson(MimeMessage message, string? configurationSet = null, string? tags = null)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        var set = configurationSet is null ? "" : $",\"ConfigurationSetName\":\"{configurationSet}\"";
        var emailTags = tags is null ? "" : $",\"EmailTags\":{tags}";
        return $"{{\"Content\":{{\"Raw\":{{\"Data\":\"{Convert.ToBase64String(stream.ToArray())}\"}}}}{set}{emailTags}}}";
    }

    public static MimeMessage Message(string subject = "Hello from the sandbox tests", string to = "someone@example.com")
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("sender@example.com"));
        foreach (var address in to.Split(','))
        {
            message.To.Add(MailboxAddress.Parse(address.Trim()));
        }

        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("tests.example");
        message.Body = new TextPart("plain") { Text = "Body of " + subject };
        return message;
    }

    /// <summary>A library SMTP transport of <paramref name="kind"/> pointed at the sandbox, trusting its CA, with quick retries.</summary>
    public static ISesTransport Smtp(SesSandbox sandbox, SesTransportKind kind, Action<SmtpTransportOptions>? configure = null)
    {
        SmtpTransportOptions options = kind == SesTransportKind.StartTlsSmtp
            ? new StartTlsSmtpTransportOptions { Port = sandbox.StartTlsSmtpEndpoint.Port }
            : new TlsWrapperSmtpTransportOptions { Port = sandbox.TlsWrapperSmtpEndpoint.Port };
        options.Host = "127.0.0.1";
        options.Credentials = sandbox.SmtpCredentials;
        options.Tls.TrustAnchors.Add(sandbox.CertificateAuthority);
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(5);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(20);
        options.Retry.TotalTimeout = TimeSpan.FromSeconds(20);
        options.OperationTimeout = TimeSpan.FromSeconds(10);
        configure?.Invoke(options);
        return options switch
        {
            StartTlsSmtpTransportOptions s => new StartTlsSmtpTransport(s),
            TlsWrapperSmtpTransportOptions w => new TlsWrapperSmtpTransport(w),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }
}

/// <summary>A line-based SMTP client on a raw socket, for replies MailKit would not let a test see (EHLO lines, AUTH before TLS).</summary>
internal sealed class RawSmtp : IAsyncDisposable
{
    private readonly TcpClient _client;
    private Stream _stream;
    private StreamReader _reader;

    private RawSmtp(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _reader = new StreamReader(_stream, Encoding.ASCII);
    }

    public static async Task<(RawSmtp Client, string Greeting)> ConnectAsync(System.Net.IPEndPoint endpoint)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(endpoint);
        var client = new RawSmtp(tcp);
        return (client, await client.ReadReplyAsync());
    }

    public async Task<string> CommandAsync(string line)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));
        await _stream.FlushAsync();
        return await ReadReplyAsync();
    }

    public async Task StartTlsAsync(X509Certificate2 authority)
    {
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false, SandboxClients.TrustOnly(authority));
        await ssl.AuthenticateAsClientAsync("127.0.0.1");
        _stream = ssl;
        _reader = new StreamReader(ssl, Encoding.ASCII);
    }

    /// <summary>Reads one (possibly multi-line) reply; returns null when the server closed the connection.</summary>
    public async Task<string> ReadReplyAsync()
    {
        var lines = new StringBuilder();
        while (true)
        {
            var line = await _reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (line is null)
            {
                return lines.Length == 0 ? "(closed)" : lines.ToString();
            }

            lines.Append(line).Append('\n');
            if (line.Length < 4 || line[3] != '-')
            {
                return lines.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }
}
