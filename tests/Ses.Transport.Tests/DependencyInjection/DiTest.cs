using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Ses.Transport.Tests.Shared;
using Ses.Transport.Tests.Smtp;

namespace Ses.Transport.Tests.DependencyInjection;

/// <summary>Shared pieces of the DI tests: settings pointed at loopback servers, the test CA as a PEM file, hosts.</summary>
internal static class DiTest
{
    public const string Section = "SesTransport";

    private static readonly Lazy<string> AuthorityPem = new(() =>
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ses-di-").FullName, "test-ca.pem");
        File.WriteAllText(path, TestCertificates.Authority.ExportCertificatePem());
        return path;
    });

    /// <summary>The test CA (which issued <see cref="TestCertificates.Localhost"/>) as a PEM file.</summary>
    public static string TrustAnchorFile => AuthorityPem.Value;

    /// <summary>
    /// Settings under <see cref="Section"/> for a sender in region eu-west-1 with static test credentials (from which the
    /// in-process SMTP server's password derives), trusting the test CA, with fast retries; plus <paramref name="extra"/>.
    /// </summary>
    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [$"{Section}:Region"] = SmtpTest.Region,
            [$"{Section}:Credentials:Source"] = "Static",
            [$"{Section}:Credentials:AccessKeyId"] = SmtpTest.User,
            [$"{Section}:Credentials:SecretAccessKey"] = SmtpTest.SecretAccessKey,
            [$"{Section}:TrustAnchorFile"] = TrustAnchorFile,
            [$"{Section}:OperationTimeout"] = "00:00:10",
            [$"{Section}:Retry:BaseDelay"] = "00:00:00.005",
            [$"{Section}:Retry:MaxDelay"] = "00:00:00.020",
            [$"{Section}:Retry:TotalTimeout"] = "00:00:20",
        };
        foreach (var (key, value) in extra)
        {
            settings[key.StartsWith(Section + ":", StringComparison.Ordinal) ? key : $"{Section}:{key}"] = value;
        }

        return settings;
    }

    public static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    public static IConfiguration Json(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

    /// <summary>A host whose services <paramref name="configure"/> registers; not started.</summary>
    public static IHost Host(IConfiguration configuration, Action<IServiceCollection, IConfiguration> configure)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders();
        configure(builder.Services, builder.Configuration);
        return builder.Build();
    }

    /// <summary>A host with the unkeyed sender bound from <see cref="Section"/>, optionally configured further.</summary>
    public static IHost Host(Dictionary<string, string?> settings, Action<Ses.Transport.DependencyInjection.SesTransportBuilder>? configure = null) =>
        Host(Configuration(settings), (services, configuration) =>
        {
            var builder = services.AddSesTransport(configuration.GetSection(Section));
            configure?.Invoke(builder);
        });
}
