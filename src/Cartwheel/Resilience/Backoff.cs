namespace Cartwheel.Resilience;

/// <summary>Exponential backoff with bounded jitter (see <see cref="SourceResilienceOptions.JitterFactor"/>).</summary>
public static class Backoff
{
    /// <summary>The nominal delay before retry <paramref name="retry"/> (1-based): <c>BaseDelay × 2^(retry-1)</c>, capped.</summary>
    public static TimeSpan Nominal(SourceResilienceOptions options, int retry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var ticks = options.BaseDelay.Ticks * Math.Pow(2, Math.Min(retry - 1, 62));
        return ticks >= options.MaxDelay.Ticks ? options.MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The delay before retry <paramref name="retry"/> for a uniform random <paramref name="unit"/> in [0, 1).</summary>
    public static TimeSpan Delay(SourceResilienceOptions options, int retry, double unit)
    {
        var nominal = Nominal(options, retry);
        return TimeSpan.FromTicks((long)(nominal.Ticks * (1 - (options.JitterFactor * unit))));
    }
}
