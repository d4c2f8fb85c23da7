using System.Numerics;

namespace Cartwheel.Streaming;

/// <summary>
/// HyperLogLog over 64-bit hashes with precision 14: 2^14 = 16,384 one-byte registers (16 KiB), standard error
/// 1.04 / √16384 ≈ 0.81%. Registers as in P. Flajolet, É. Fusy, O. Gandouet, F. Meunier, "HyperLogLog: the analysis of
/// a near-optimal cardinality estimation algorithm", AofA 2007: register j = the first p bits of the hash, its value =
/// the maximum over the hashes of ρ (the position of the first 1-bit in the remaining q = 64 − p bits, 1-based; q + 1
/// when they are all zero). The estimate is O. Ertl's improved estimator ("New cardinality estimation algorithms for
/// HyperLogLog sketches", 2017, arXiv:1702.01284, Algorithm 6 with σ and τ of Algorithms 7–8): from the histogram C of
/// register values, E = α∞·m² / (m·τ(1 − C[q+1]/m) + Σ_{k=1..q} C[k]·2^−k + m·σ(C[0]/m)) with α∞ = 1/(2 ln 2). Unlike
/// the 2007 raw estimate with its linear-counting switch at 5m/2, it has no bias bump between ~2.5m and ~5m (measured
/// before: +2% mean, +3.6% worst at 42K distinct) and needs no empirical bias tables (HyperLogLog++). With a 64-bit hash
/// no large-range correction is needed. Union = register-wise maximum; the estimate of a union is as good as one
/// sketch of all the hashes.
/// </summary>
internal static class HyperLogLog
{
    public const int Precision = 14;
    public const int Registers = 1 << Precision;
    /// <summary>The largest register value (q + 1, q = 64 − p).</summary>
    public const int MaxRank = 64 - Precision + 1;

    private const int Q = 64 - Precision;
    private static readonly double AlphaInfinity = 0.5 / Math.Log(2);

    /// <summary>Adds one hash to <paramref name="registers"/> (length <see cref="Registers"/>).</summary>
    public static void Add(Span<byte> registers, ulong hash)
    {
        var index = (int)(hash >> (64 - Precision));
        var rest = hash << Precision;
        var rank = rest == 0 ? MaxRank : BitOperations.LeadingZeroCount(rest) + 1;
        if (registers[index] < rank)
        {
            registers[index] = (byte)rank;
        }
    }

    /// <summary><paramref name="into"/>[j] = max(into[j], from[j]): the sketch of the union.</summary>
    public static void Merge(Span<byte> into, ReadOnlySpan<byte> from)
    {
        var i = 0;
        for (; i <= into.Length - Vector<byte>.Count; i += Vector<byte>.Count)
        {
            Vector.Max(new Vector<byte>(into[i..]), new Vector<byte>(from[i..])).CopyTo(into[i..]);
        }

        for (; i < into.Length; i++)
        {
            into[i] = Math.Max(into[i], from[i]);
        }
    }

    /// <summary>The cardinality estimate (see the type's comment), rounded to the nearest integer.</summary>
    public static long Estimate(ReadOnlySpan<byte> registers)
    {
        Span<int> histogram = stackalloc int[MaxRank + 1];
        foreach (var register in registers)
        {
            histogram[register]++;
        }

        double m = Registers;
        var z = m * Tau(1 - (histogram[Q + 1] / m));
        for (var k = Q; k >= 1; k--)
        {
            z = 0.5 * (z + histogram[k]);
        }

        z += m * Sigma(histogram[0] / m);
        return (long)Math.Round(AlphaInfinity * m * m / z);
    }

    // σ(x) = x + Σ_{k≥1} x^(2^k)·2^(k−1) (Ertl 2017, Algorithm 7); infinite at x = 1 (every register zero: estimate 0).
    private static double Sigma(double x)
    {
        if (x == 1)
        {
            return double.PositiveInfinity;
        }

        double y = 1, z = x, previous;
        do
        {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        }
        while (z != previous);
        return z;
    }

    // τ(x) = (1 − x − Σ_{k≥1} (1 − x^(2^−k))²·2^−k) / 3 (Ertl 2017, Algorithm 8).
    private static double Tau(double x)
    {
        if (x == 0 || x == 1)
        {
            return 0;
        }

        double y = 1, z = 1 - x, previous;
        do
        {
            x = Math.Sqrt(x);
            previous = z;
            y *= 0.5;
            z -= (1 - x) * (1 - x) * y;
        }
        while (z != previous);
        return z / 3;
    }
}
