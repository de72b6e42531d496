namespace Ses.Transport;

/// <summary>The lowest TLS version a transport accepts for hop 1 (sender → SES). Older versions are never offered.</summary>
public enum MinimumTlsVersion
{
    /// <summary>TLS 1.2 or 1.3 (SES's own minimum). The default.</summary>
    Tls12 = 0,

    /// <summary>TLS 1.3 only.</summary>
    Tls13 = 1,
}
