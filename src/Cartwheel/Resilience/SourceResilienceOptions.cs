namespace Cartwheel.Resilience;

/// <summary>
/// How a source that talks to the outside (REST poll, webhook, remote file share) survives failures: per-attempt
/// timeout, circuit breaker, retries with exponential backoff and bounded jitter. Validate at start-up.
/// </summary>
public sealed record SourceResilienceOptions
{
    /// <summary>Retries after the first attempt (0 = none).</summary>
    public int MaxRetryAttempts { get; init; } = 3;

    /// <summary>The delay before the first retry; retry n waits <c>BaseDelay × 2^(n-1)</c>, capped at <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The share of each delay that is random (0 = none, 1 = full jitter): retry n waits a uniformly random time in
    /// <c>[d × (1 − JitterFactor), d]</c> for its nominal delay d. At 0.5 (the default) delays never shrink between retries below the cap.
    /// </summary>
    public double JitterFactor { get; init; } = 0.5;

    /// <summary>Each attempt is cancelled after this long.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The circuit opens after this many consecutive failures within <see cref="SamplingDuration"/> (at least 2).</summary>
    public int CircuitBreakerFailureThreshold { get; init; } = 5;

    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an open circuit rejects calls before it lets one trial call through (half-open).</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws <see cref="ErrorCodes.InvalidArgument"/> naming the first invalid setting.</summary>
    public SourceResilienceOptions Validate()
    {
        Check(MaxRetryAttempts is >= 0 and <= 100, $"{nameof(MaxRetryAttempts)} must be 0–100");
        Check(BaseDelay >= TimeSpan.Zero && MaxDelay >= BaseDelay, $"{nameof(BaseDelay)} must be ≥ 0 and ≤ {nameof(MaxDelay)}");
        Check(JitterFactor is >= 0 and <= 1, $"{nameof(JitterFactor)} must be within [0, 1]");
        Check(AttemptTimeout >= TimeSpan.FromMilliseconds(10) && AttemptTimeout <= TimeSpan.FromHours(24), $"{nameof(AttemptTimeout)} must be 10 ms–24 h");
        Check(CircuitBreakerFailureThreshold >= 2, $"{nameof(CircuitBreakerFailureThreshold)} must be at least 2");
        Check(SamplingDuration >= TimeSpan.FromMilliseconds(500), $"{nameof(SamplingDuration)} must be at least 500 ms");
        Check(BreakDuration >= TimeSpan.FromMilliseconds(500), $"{nameof(BreakDuration)} must be at least 500 ms");
        return this;
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new CartwheelException(ErrorCodes.InvalidArgument, "Invalid source resilience options: " + message + ".");
        }
    }
}
