namespace Cartwheel.Orchestration;

/// <summary>
/// How a failed task attempt is retried: up to <paramref name="Retries"/> more attempts; the delay before
/// retry n (1-based) is <c>Delay × 2^(n-1)</c>, capped at <paramref name="MaxDelay"/>; with
/// <paramref name="Jitter"/> the delays are randomised around that curve (Polly's decorrelated jitter).
/// </summary>
public sealed record RetryPolicy(int Retries, TimeSpan Delay, TimeSpan? MaxDelay = null, bool Jitter = true)
{
    /// <summary>One attempt, no retry.</summary>
    public static RetryPolicy None { get; } = new(0, TimeSpan.Zero, null, Jitter: false);
}
