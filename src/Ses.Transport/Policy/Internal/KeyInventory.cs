using Ses.Transport.Security;
using Ses.Transport.Security.Internal;

namespace Ses.Transport.Policy.Internal;

/// <summary>
/// Which addresses have which keys, by scheme, read from a <see cref="SecureMessageBuilderOptions"/> (addresses on
/// certificates, user IDs on OpenPGP keys). Only presence is checked here; the builder checks validity and capability.
/// </summary>
internal sealed class KeyInventory
{
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
            _pgpSigners.UnionWith(AddressesOf(pgpSigner));
            _pgpRecipients.UnionWith(AddressesOf(pgpSigner));
        }

        foreach (var recipient in keys.PgpRecipients)
        {
            _pgpRecipients.UnionWith(recipient is null ? [] : AddressesOf(recipient));
        }
    }

    public bool HasSigner(ProtectionScheme scheme, string address) =>
        (scheme == ProtectionScheme.SMime ? _smimeSigners : _pgpSigners).Contains(address);

    public bool HasRecipient(ProtectionScheme scheme, string address) =>
        (scheme == ProtectionScheme.SMime ? _smimeRecipients : _pgpRecipients).Contains(address);

    /// <summary>The addresses in the user IDs of the material's primary keys, read as the builder reads them.</summary>
    private static IEnumerable<string> AddressesOf(PgpKeyMaterial material) =>
        material.PublicRings.SelectMany(r => PgpKeys.Addresses(r.GetPublicKey()));
}
