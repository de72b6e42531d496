namespace Ses.Transport.WebSample;

/// <summary>What <c>POST /send</c> answers: the receipt of the send, with the plan's reasons.</summary>
internal sealed record SendResponse(
    string MessageId,
    string Transport,
    string TlsProtocol,
    string? ConfigurationSet,
    string ReceiverTls,
    int Attempts,
    double ElapsedMilliseconds,
    IReadOnlyList<string> Reasons);
