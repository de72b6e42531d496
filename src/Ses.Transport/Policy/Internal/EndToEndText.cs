using Ses.Transport.Security;

namespace Ses.Transport.Policy.Internal;

/// <summary>Words for protections and schemes in reasons and messages.</summary>
internal static class EndToEndText
{
    public static string Describe(MessageProtection protection, ProtectionScheme? scheme) =>
        protection == MessageProtection.None ? "none" : $"{Describe(protection)} with {Describe(scheme)}";

    public static string Describe(MessageProtection protection) => protection switch
    {
        MessageProtection.None => "none",
        MessageProtection.Sign => "sign",
        MessageProtection.Encrypt => "encrypt",
        MessageProtection.SignAndEncrypt => "sign+encrypt",
        _ when protection.HasFlag(MessageProtection.AttachPublicKey) =>
            protection == MessageProtection.AttachPublicKey ? "attach public key" : Describe(protection & ~MessageProtection.AttachPublicKey) + "+attach public key",
        _ => protection.ToString(),
    };

    public static string Describe(ProtectionScheme? scheme) => scheme switch
    {
        ProtectionScheme.SMime => "S/MIME",
        ProtectionScheme.Pgp => "PGP",
        null => "S/MIME or PGP",
        _ => scheme.ToString()!,
    };
}
