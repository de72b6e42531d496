using Ses.Transport.Tests.Shared;

namespace Ses.Transport.Testing.Tests.Sandbox;

/// <summary>
/// Requests signed by an independent signer, the AWS SDK's <c>@smithy/signature-v4</c>, and sent by Node's https
/// module trusting the sandbox CA (<c>NODE_EXTRA_CA_CERTS</c>): accepted; tampered after signing: refused.
/// </summary>
public class SmithySignerTests
{
    [Fact]
    public async Task SmithySigned_GetAccount_Accepted()
    {
        RequirePeer();
        await using var sandbox = await SesSandbox.StartAsync();

        var output = await RunAsync(sandbox, "GET", "v2/email/account");

        Assert.StartsWith("STATUS 200 -", output, StringComparison.Ordinal);
        Assert.Contains("\"SendQuota\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmithySigned_SendEmail_AcceptedAndRecorded()
    {
        RequirePeer();
        await using var sandbox = await SesSandbox.StartAsync(new SesSandboxOptions { Region = "eu-west-2" });

        var output = await RunAsync(sandbox, "POST", SandboxClients.SendPath, SandboxClients.RawSendJson(SandboxClients.Message("signed by smithy")));

        Assert.StartsWith("STATUS 200 -", output, StringComparison.Ordinal);
        var recorded = await sandbox.WaitForMessageAsync();
        Assert.Equal("signed by smithy", recorded.Subject);
        Assert.Contains(recorded.Id, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmithySigned_BodyTamperedAfterSigning_403InvalidSignature()
    {
        RequirePeer();
        await using var sandbox = await SesSandbox.StartAsync();

        var output = await RunAsync(sandbox, "POST", SandboxClients.SendPath, SandboxClients.RawSendJson(SandboxClients.Message()), tamper: true);

        Assert.StartsWith("STATUS 403 InvalidSignatureException", output, StringComparison.Ordinal);
        Assert.Empty(sandbox.Messages);
    }

    [Fact]
    public async Task SmithySigned_OtherSecret_403InvalidSignature()
    {
        RequirePeer();
        await using var sandbox = await SesSandbox.StartAsync();

        var output = await RunAsync(sandbox, "GET", "v2/email/account", secret: "not-the-sandbox-secret");

        Assert.StartsWith("STATUS 403 InvalidSignatureException", output, StringComparison.Ordinal);
    }

    private static void RequirePeer() =>
        Peer.Require(Peer.NodePackage("@smithy/signature-v4") && Peer.NodePackage("@aws-crypto/sha256-js"), "node with @smithy/signature-v4 and @aws-crypto/sha256-js (npm ci --prefix tests/peers)");

    private static async Task<string> RunAsync(SesSandbox sandbox, string method, string path, string body = "", bool tamper = false, string? secret = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["SANDBOX_URL"] = new Uri(sandbox.ApiEndpoint, path).ToString(),
            ["SANDBOX_METHOD"] = method,
            ["SANDBOX_BODY"] = body,
            ["SANDBOX_TAMPER"] = tamper ? "body" : "",
            ["AWS_ACCESS_KEY_ID"] = sandbox.Credentials.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = secret ?? sandbox.Credentials.SecretAccessKey,
            ["AWS_REGION"] = sandbox.Region,
            ["NODE_EXTRA_CA_CERTS"] = sandbox.CertificateAuthorityPath,
        };
        var run = await ToolRun.RunAsync("node", [Path.Combine(RepoPaths.Peers, "sandbox-sign.mjs")], RepoPaths.Peers, environment, timeout: TimeSpan.FromSeconds(60));
        return run.OutputText + run.Error;
    }
}
