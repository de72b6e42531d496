namespace Ses.Transport.Testing;

internal static class SesSandboxPlaceholder
{
}
