using System.Globalization;

namespace Ses.Transport.Testing.Internal;

/// <summary>
/// SES-style message ids: 16 hex digits of the Unix time in milliseconds, a UUID, and <c>-000000</c>
/// (for example <c>0100018c2f6a9e1b-5e3d9a1b-7c42-4f0e-9b1d-2a6c8e4f1b3d-000000</c>).
/// </summary>
internal static class SesMessageIds
{
    public static string Create(DateTimeOffset now) =>
        now.ToUnixTimeMilliseconds().ToString("x16", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("D") + "-000000";
}
