namespace Ses.Transport.Tests.Https.Fixtures;

/// <summary>The system clock, off by <see cref="Shift"/> (a machine whose clock is wrong); timers and timestamps run normally.</summary>
internal sealed class ShiftedTimeProvider(TimeSpan shift) : TimeProvider
{
    public TimeSpan Shift { get; } = shift;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Shift;
}
