namespace Ses.Transport.ConsoleSample;

/// <summary>A transport the sample sends through, with the name shown in the table.</summary>
internal sealed record SampleTarget(string Name, ISesTransport Transport);
