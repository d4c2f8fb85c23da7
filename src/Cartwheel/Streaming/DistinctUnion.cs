namespace Cartwheel.Streaming;

/// <summary>
/// The distinct count of a union of <see cref="DistinctSketch"/>es: exact while every part is exact (a set of their
/// hashes, at most <see cref="DistinctSketch.ExactLimit"/> per part) and hold at most <see cref="ExactUnionLimit"/> hashes,
/// a HyperLogLog estimate as soon as one part is one or the set would pass that limit. Its cost is in proportion to
/// what the parts hold (hashes and registers), not to the sessions behind them, and its memory is bounded: without the
/// limit, a union of 62 minutes × 16 groups of exact parts just under their own limit was a 2M-entry set (324 ms and
/// 128 MB per count, review of decision 66).
/// </summary>
internal sealed class DistinctUnion
{
    /// <summary>The most hashes a union counts exactly (64K: 1 MB of set, the size of 64 HyperLogLogs' registers).</summary>
    public const int ExactUnionLimit = 1 << 16;

    private HashSet<ulong>? _exact = [];
    private byte[]? _registers;

    public DistinctCount Count => _registers is { } registers ? new DistinctCount(HyperLogLog.Estimate(registers), true) : new DistinctCount(_exact!.Count, false);

    public void Add(DistinctSketch sketch)
    {
        if (sketch.IsApproximate)
        {
            HyperLogLog.Merge(Registers(), sketch.RegistersOrEmpty);
        }
        else
        {
            Add(sketch.Hashes);
        }
    }

    /// <summary>Adds the exact hashes of a part (a copy taken from a sketch).</summary>
    public void Add(ReadOnlySpan<ulong> hashes)
    {
        if (_registers is { } registers)
        {
            foreach (var hash in hashes)
            {
                HyperLogLog.Add(registers, hash);
            }

            return;
        }

        foreach (var hash in hashes)
        {
            _exact!.Add(hash);
        }

        if (_exact!.Count > ExactUnionLimit)
        {
            Registers();
        }
    }

    /// <summary>The registers, made from the exact hashes so far at the first HyperLogLog part.</summary>
    private byte[] Registers()
    {
        if (_registers is null)
        {
            _registers = new byte[HyperLogLog.Registers];
            foreach (var hash in _exact!)
            {
                HyperLogLog.Add(_registers, hash);
            }

            _exact = null;
        }

        return _registers;
    }
}
