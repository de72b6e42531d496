namespace Ses.Transport.HttpsThroughput;

/// <summary>A failure of the harness itself (a peer missing, a message not arrived), shown as one line.</summary>
internal sealed class HarnessException(string message) : Exception(message);
