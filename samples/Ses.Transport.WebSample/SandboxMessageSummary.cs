namespace Ses.Transport.WebSample;

/// <summary>A message the in-process sandbox received (<c>GET /sandbox/messages</c>, only with <c>Sample:UseSandbox</c>).</summary>
internal sealed record SandboxMessageSummary(string Id, string Transport, string? Subject, IReadOnlyList<string> Recipients, string? ConfigurationSet, string Outcome);
