using Ses.Transport.Security;

namespace Ses.Transport.Policy.Internal;

/// <summary>
/// Which addresses have which keys, by scheme, read from a <see cref="SecureMessageBuilderOptions"/> (addresses on
/// certificates, user IDs on OpenPGP keys). Only presence is checked here; the builder checks validity and capability.
/// </summary>
internal sealed class KeyInventory
{
    public static readonly KeyInventory Empty = new(null);

    private readonly HashSet<string> _smimeSigners = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _smimeRecipients = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _pgpSigners = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _pgpRecipients = new(StringComparer.OrdinalIgnoreCase);

    public KeyInventory(SecureMessageBuilderOptions? keys)
    {
        if (keys is null)
        {
            return;
        }

        if (keys.SmimeSigner is { HasPrivateKey: true } smimeSigner)
        {
            _smimeSigners.UnionWith(smimeSigner.Addresses);
            _smimeRecipients.UnionWith(smimeSigner.Addresses);
        }

        foreach (var recipient in keys.SmimeRecipients)
        {
            _smimeRecipients.UnionWith(recipient?.Addresses ?? []);
        }

        if (keys.PgpSigner is { HasSecretKey: true } pgpSigner)
        {
            _pgpSigners.UnionWith(pgpSigner.UserIds.Select(AddressOfUserId));
            _pgpRecipients.UnionWith(pgpSigner.UserIds.Select(AddressOfUserId));
        }

        foreach (var recipient in keys.PgpRecipients)
        {
            _pgpRecipients.UnionWith(recipient?.UserIds.Select(AddressOfUserId) ?? []);
        }
    }

    public bool HasSigner(ProtectionScheme scheme, string address) =>
        (scheme == ProtectionScheme.SMime ? _smimeSigners : _pgpSigners).Contains(address);

    public bool HasRecipient(ProtectionScheme scheme, string address) =>
        (scheme == ProtectionScheme.SMime ? _smimeRecipients : _pgpRecipients).Contains(address);

    /// <summary>The address of an OpenPGP user ID: <c>Name &lt;address&gt;</c> or a bare address.</summary>
    private static string AddressOfUserId(string userId)
    {
        var open = userId.LastIndexOf('<');
        var close = userId.LastIndexOf('>');
        return open >= 0 && close > open ? userId[(open + 1)..close].Trim() : userId.Trim();
    }
}
