using System.Numerics;

namespace Cartwheel.Streaming;

/// <summary>
/// HyperLogLog over 64-bit hashes with precision 14: 2^14 = 16,384 one-byte registers (16 KiB), standard error
/// 1.04 / √16384 ≈ 0.81%. Algorithm and constants: P. Flajolet, É. Fusy, O. Gandouet, F. Meunier, "HyperLogLog: the
/// analysis of a near-optimal cardinality estimation algorithm", AofA 2007, Fig. 3 — register j = the first p bits of
/// the hash, its value = the maximum over the hashes of ρ (the position of the first 1-bit in the remaining 64 − p
/// bits, 1-based; 51 when they are all zero); raw estimate E = α_m·m²·(Σ_j 2^−M[j])^−1 with α_m = 0.7213 / (1 + 1.079/m);
/// small-range correction: when E ≤ 5m/2 and V registers are zero, E = m·ln(m/V) (linear counting). With a 64-bit hash
/// the paper's large-range correction (for 2^32 collisions) is not needed (S. Heule, M. Nunkesser, A. Hall,
/// "HyperLogLog in Practice", EDBT 2013, §5.1). Union = register-wise maximum; the estimate of a union is as exact as
/// one sketch of all the hashes.
/// </summary>
internal static class HyperLogLog
{
    public const int Precision = 14;
    public const int Registers = 1 << Precision;
    private const int MaxRank = 64 - Precision + 1;

    private static readonly double Alpha = 0.7213 / (1 + (1.079 / Registers));
    private static readonly double[] InversePowers = [.. Enumerable.Range(0, MaxRank + 1).Select(k => Math.Pow(2, -k))];

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
        double sum = 0;
        var zeros = 0;
        foreach (var register in registers)
        {
            sum += InversePowers[register];
            zeros += register == 0 ? 1 : 0;
        }

        double m = Registers;
        var estimate = Alpha * m * m / sum;
        if (estimate <= 2.5 * m && zeros > 0)
        {
            estimate = m * Math.Log(m / zeros);
        }

        return (long)Math.Round(estimate);
    }
}
