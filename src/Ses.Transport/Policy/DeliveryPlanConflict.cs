namespace Ses.Transport.Policy;

/// <summary>Two or more rule groups of one message demand things one message cannot satisfy together.</summary>
/// <param name="Kind">The violation this conflict causes when the plan is carried out.</param>
/// <param name="Setting">The setting in conflict, for example <c>EndToEnd.Scheme</c>.</param>
/// <param name="Description">What conflicts, naming the rules.</param>
public sealed record DeliveryPlanConflict(DeliveryPolicyViolation Kind, string Setting, string Description);
