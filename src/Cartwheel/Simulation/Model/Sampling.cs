namespace Cartwheel.Simulation.Model;

/// <summary>Weighted sampling by binary search over cumulative weights.</summary>
internal static class Sampling
{
    public static double[] Cumulative(IEnumerable<double> weights)
    {
        var cumulative = weights.ToArray();
        for (var i = 1; i < cumulative.Length; i++)
        {
            cumulative[i] += cumulative[i - 1];
        }

        return cumulative;
    }

    /// <summary>Zipf weights 1/rank^exponent over <paramref name="count"/> items.</summary>
    public static double[] Zipf(int count, double exponent) =>
        Cumulative(Enumerable.Range(1, count).Select(rank => 1 / Math.Pow(rank, exponent)));

    public static int Pick(double[] cumulative, Random random)
    {
        var target = random.NextDouble() * cumulative[^1];
        var index = Array.BinarySearch(cumulative, target);
        index = index < 0 ? ~index : index + 1;
        return Math.Min(index, cumulative.Length - 1);
    }

    /// <summary>A random instant in [from, to) with millisecond precision.</summary>
    public static DateTimeOffset Between(DateTimeOffset from, DateTimeOffset to, Random random)
    {
        var span = Math.Max(1, (long)(to - from).TotalMilliseconds);
        return from.AddMilliseconds(random.NextInt64(span));
    }

    /// <summary>A random id of 32 hex digits after <paramref name="prefix"/>.</summary>
    public static string Id(string prefix, Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return prefix + Convert.ToHexStringLower(bytes);
    }

    public static decimal Money(double value) => Math.Round((decimal)value, 2, MidpointRounding.AwayFromZero);
}
