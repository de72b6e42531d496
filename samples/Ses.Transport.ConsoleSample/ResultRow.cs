namespace Ses.Transport.ConsoleSample;

/// <summary>One line of the sample's table: how one message travelled.</summary>
internal sealed record ResultRow(
    string Transport,
    string Tls,
    string Protection,
    string ConfigurationSet,
    string Hop2,
    string MessageId,
    TimeSpan Elapsed);
