namespace Cartwheel.Streaming;

/// <summary>
/// The distinct count of a union of <see cref="DistinctSketch"/>es: exact while every part is exact (a set of their
/// hashes, at most <see cref="DistinctSketch.ExactLimit"/> per part), a HyperLogLog estimate as soon as one part is one.
/// Its cost is in proportion to what the parts hold (hashes and registers), not to the sessions behind them.
/// </summary>
internal sealed class DistinctUnion
{
    private HashSet<ulong>? _exact = [];
    private byte[]? _registers;

    public void Add(DistinctSketch sketch)
    {
        if (sketch.IsApproximate && _registers is null)
        {
            _registers = new byte[HyperLogLog.Registers];
            foreach (var hash in _exact!)
            {
                HyperLogLog.Add(_registers, hash);
            }

            _exact = null;
        }

        if (_registers is { } registers)
        {
            if (sketch.IsApproximate)
            {
                HyperLogLog.Merge(registers, sketch.RegistersOrEmpty);
            }
            else
            {
                foreach (var hash in sketch.Hashes)
                {
                    HyperLogLog.Add(registers, hash);
                }
            }

            return;
        }

        foreach (var hash in sketch.Hashes)
        {
            _exact!.Add(hash);
        }
    }

    public DistinctCount Count => _registers is { } registers ? new DistinctCount(HyperLogLog.Estimate(registers), true) : new DistinctCount(_exact!.Count, false);
}
