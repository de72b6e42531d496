namespace Ses.Transport.Testing;

/// <summary>The simulated hop-2 outcome for one recipient of a message.</summary>
/// <param name="Recipient">The recipient address (envelope).</param>
/// <param name="Outcome">What SES would have done for this recipient.</param>
/// <param name="Reason">Why, in one sentence.</param>
public sealed record SandboxRecipientOutcome(string Recipient, SandboxDeliveryOutcome Outcome, string Reason);
