namespace Ses.Transport.WebSample;

/// <summary>The body of <c>POST /send</c>.</summary>
/// <param name="To">The recipient address.</param>
/// <param name="Subject">The subject.</param>
/// <param name="Text">The plain-text body.</param>
internal sealed record SendRequest(string? To, string? Subject, string? Text);
