namespace Cartwheel.Cli.Bench;

/// <summary>
/// Latencies in milliseconds as counts in log-linear buckets (HdrHistogram's idea, 32 sub-buckets per power of two:
/// ≤ 3.2% relative error from 1 µs to ~18 hours), so a run of any length keeps a fixed, small memory and histograms of
/// several connections or seconds merge exactly. A value can carry a weight (a batch's latency counts once per event).
/// Not thread-safe.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBuckets = 32;
    private const int Powers = 36;
    private const double UnitMs = 0.001;

    private readonly long[] _counts = new long[SubBuckets * Powers];

    public long Count { get; private set; }

    public double MaxMs { get; private set; }

    public double SumMs { get; private set; }

    public double MeanMs => Count == 0 ? 0 : SumMs / Count;

    public void Record(double milliseconds, long weight = 1)
    {
        if (weight <= 0)
        {
            return;
        }

        var value = Math.Max(0, milliseconds);
        _counts[Index(value)] += weight;
        Count += weight;
        SumMs += value * weight;
        MaxMs = Math.Max(MaxMs, value);
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        SumMs += other.SumMs;
        MaxMs = Math.Max(MaxMs, other.MaxMs);
    }

    public void Clear()
    {
        Array.Clear(_counts);
        (Count, SumMs, MaxMs) = (0, 0, 0);
    }

    /// <summary>
    /// The smallest bucket value v such that at least <paramref name="quantile"/> of the recorded weight is ≤ v (the
    /// nearest-rank definition), reported as the bucket's upper edge capped by the maximum seen: never below the true
    /// value, over it by at most one bucket width. 0 when empty.
    /// </summary>
    public double Percentile(double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        if (Count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * Count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(UpperEdge(i), MaxMs);
            }
        }

        return MaxMs;
    }

    /// <summary>Bucket i covers [lower, upper) in units; power 0 holds 0…31 units one by one, power p ≥ 1 holds 32·2^(p−1) … 32·2^p in 32 steps.</summary>
    internal static int Index(double milliseconds)
    {
        var units = (long)(milliseconds / UnitMs);
        if (units < SubBuckets)
        {
            return (int)units;
        }

        var power = 63 - (int)long.LeadingZeroCount(units) - 4; // units in [32·2^(power−1), 32·2^power)
        if (power >= Powers)
        {
            return SubBuckets * Powers - 1;
        }

        var width = 1L << (power - 1);
        var sub = (int)((units - (SubBuckets << (power - 1))) / width);
        return (power * SubBuckets) + sub;
    }

    internal static double UpperEdge(int index)
    {
        var power = index / SubBuckets;
        var sub = index % SubBuckets;
        if (power == 0)
        {
            return (sub + 1) * UnitMs;
        }

        var width = 1L << (power - 1);
        return ((SubBuckets << (power - 1)) + ((sub + 1) * width)) * UnitMs;
    }
}
