using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ses.Transport.Credentials;
using Ses.Transport.Https;
using Ses.Transport.Security;
using Ses.Transport.Smtp;

namespace Ses.Transport.DependencyInjection.Internal;

/// <summary>Turns <see cref="SesTransportOptions"/> into the options of each transport, the credentials provider and the key material.</summary>
internal static class SenderSettings
{
    /// <summary>The name of the <c>IHttpClientFactory</c> client of sender <paramref name="name"/>.</summary>
    public static string HttpClientName(string name) => string.IsNullOrEmpty(name) ? "Ses.Transport" : "Ses.Transport:" + name;

    public static HttpsTransportOptions Https(SesTransportOptions options, IAwsCredentialsProvider? credentials, X509Certificate2Collection trustAnchors)
    {
        var https = new HttpsTransportOptions
        {
            Region = options.Region?.Trim(),
            ServiceUrl = options.Https.ServiceUrl,
            UseFips = options.Https.UseFips,
            UseDualStack = options.Https.UseDualStack,
            MaxConnectionsPerServer = options.Https.MaxConnectionsPerServer,
            PooledConnectionLifetime = options.Https.PooledConnectionLifetime,
            CredentialsProvider = credentials,
        };
        ApplyCommon(https, options, trustAnchors);
        return https;
    }

    public static SmtpTransportOptions Smtp(SesTransportKind kind, SesTransportOptions options, SesSmtpCredentials? credentials, X509Certificate2Collection trustAnchors)
    {
        SmtpTransportOptions smtp = kind == SesTransportKind.TlsWrapperSmtp ? new TlsWrapperSmtpTransportOptions() : new StartTlsSmtpTransportOptions();
        var endpoint = Endpoint(kind, options);
        if (!string.IsNullOrWhiteSpace(endpoint.Host))
        {
            smtp.Host = endpoint.Host.Trim();
        }
        else
        {
            smtp.Region = options.Region?.Trim();
        }

        if (endpoint.Port is { } port)
        {
            smtp.Port = port;
        }

        smtp.PoolSize = endpoint.PoolSize;
        smtp.Credentials = credentials;
        ApplyCommon(smtp, options, trustAnchors);
        return smtp;
    }

    public static SesSmtpEndpointOptions Endpoint(SesTransportKind kind, SesTransportOptions options) =>
        kind == SesTransportKind.TlsWrapperSmtp ? options.TlsWrapperSmtp : options.StartTlsSmtp;

    /// <summary>The AWS credentials provider the settings describe.</summary>
    public static IAwsCredentialsProvider Credentials(SesTransportOptions options, TimeProvider timeProvider, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory)
    {
        if (options.CredentialsProvider is { } given)
        {
            return given;
        }

        var settings = options.Credentials;
        return settings.Source switch
        {
            SesCredentialsSource.Static => new StaticCredentialsProvider(settings.AccessKeyId!, settings.SecretAccessKey!, settings.SessionToken),
            SesCredentialsSource.Profile => new SharedCredentialsFileProvider { ProfileName = settings.Profile! },
            _ => new DefaultCredentialsChain(timeProvider: timeProvider, loggerFactory: loggerFactory),
        };
    }

    /// <summary>The SMTP credentials given as they are (in code or in the settings), or <see langword="null"/> when they are to be derived.</summary>
    public static SesSmtpCredentials? GivenSmtpCredentials(SesTransportOptions options) =>
        options.SmtpCredentials
        ?? (options.Credentials is { SmtpUserName: { Length: > 0 } user, SmtpPassword: { Length: > 0 } password } ? new SesSmtpCredentials(user, password) : null);

    /// <summary>The trust anchors of <see cref="SesTransportOptions.TrustAnchorFile"/> and <see cref="SesTransportOptions.TrustAnchors"/>.</summary>
    /// <exception cref="CryptographicException">The file holds no readable PEM certificate.</exception>
    public static X509Certificate2Collection TrustAnchors(SesTransportOptions options)
    {
        var anchors = new X509Certificate2Collection();
        if (!string.IsNullOrWhiteSpace(options.TrustAnchorFile))
        {
            anchors.ImportFromPemFile(options.TrustAnchorFile);
            if (anchors.Count == 0)
            {
                throw new CryptographicException("The trust anchor file holds no PEM certificate.");
            }
        }

        foreach (var certificate in options.TrustAnchors)
        {
            if (certificate is not null)
            {
                anchors.Add(certificate);
            }
        }

        return anchors;
    }

    /// <summary>The key material of <see cref="SesTransportOptions.KeyMaterial"/> and the key files, or <see langword="null"/> when there is none.</summary>
    /// <exception cref="SecureMessageException">A key file cannot be read or decrypted.</exception>
    public static SecureMessageBuilderOptions? Keys(SesTransportOptions options)
    {
        var given = options.KeyMaterial;
        var files = options.Keys;
        var keys = new SecureMessageBuilderOptions
        {
            SmimeSigner = given.SmimeSigner,
            PgpSigner = given.PgpSigner,
            SmimeSignatureFormat = given.SmimeSignatureFormat,
            SmimeMediaTypes = given.SmimeMediaTypes,
            DigestAlgorithm = given.DigestAlgorithm,
        };
        foreach (var recipient in given.SmimeRecipients)
        {
            keys.SmimeRecipients.Add(recipient);
        }

        foreach (var recipient in given.PgpRecipients)
        {
            keys.PgpRecipients.Add(recipient);
        }

        if (files.SmimeSigner is { Path: { Length: > 0 } smimePath } smime)
        {
            keys.SmimeSigner = SmimeKeyMaterial.FromPkcs12File(smimePath, smime.Password ?? string.Empty);
        }

        foreach (var file in files.SmimeRecipients)
        {
            keys.SmimeRecipients.Add(SmimeRecipient(file.Path!));
        }

        if (files.PgpSigner is { Path: { Length: > 0 } pgpPath } pgp)
        {
            keys.PgpSigner = PgpKeyMaterial.FromArmoredSecretKeyFile(pgpPath, pgp.Password ?? string.Empty);
        }

        foreach (var file in files.PgpRecipients)
        {
            keys.PgpRecipients.Add(PgpKeyMaterial.FromArmoredPublicKeyFile(file.Path!));
        }

        var any = keys.SmimeSigner is not null || keys.PgpSigner is not null || keys.SmimeRecipients.Count > 0 || keys.PgpRecipients.Count > 0;
        return any ? keys : null;
    }

    /// <summary>A recipient's S/MIME certificate from a PEM or DER file.</summary>
    public static SmimeKeyMaterial SmimeRecipient(string path)
    {
        var text = File.ReadAllText(path);
        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return SmimeKeyMaterial.FromPemFiles(path);
        }

        // DER: one certificate, no private key.
        using var certificate = X509CertificateLoader.LoadCertificateFromFile(path);
        return SmimeKeyMaterial.FromCertificate(certificate);
    }

    private static void ApplyCommon(TransportOptions transport, SesTransportOptions options, X509Certificate2Collection trustAnchors)
    {
        transport.OperationTimeout = options.OperationTimeout;
        options.Retry.CopyTo(transport.Retry);
        options.Policy.ApplyTo(transport);
        transport.Tls.TrustAnchors.AddRange(trustAnchors);
    }
}
