using System.Buffers.Binary;

namespace Cartwheel.Streaming;

/// <summary>
/// A distinct count of 64-bit hashes in bounded memory: the exact sorted hashes while there are at most
/// <see cref="ExactLimit"/>, then a <see cref="HyperLogLog"/>. The limit makes the exact form never cost more than the
/// HyperLogLog: 2,048 hashes × 8 bytes = 16,384 bytes = its 2^14 one-byte registers (the array grows by doubling, so its
/// capacity is at most 2,048 too). Its value in a store (<see cref="ToBytes"/>, the Redis string and the checkpoint) is
/// one byte for the form, then the sorted hashes (little-endian) or the registers.
/// </summary>
internal sealed class DistinctSketch
{
    /// <summary>The most hashes held exactly.</summary>
    public const int ExactLimit = HyperLogLog.Registers * sizeof(byte) / sizeof(ulong);

    private const byte ExactForm = 1;
    private const byte HyperLogLogForm = 2;

    private ulong[] _hashes = [];
    private int _count;
    private byte[]? _registers;

    /// <summary>Whether the sketch has become a HyperLogLog (its count is an estimate).</summary>
    public bool IsApproximate => _registers is not null;

    /// <summary>The distinct hashes added (an estimate once <see cref="IsApproximate"/>).</summary>
    public DistinctCount Count => _registers is { } registers ? new DistinctCount(HyperLogLog.Estimate(registers), true) : new DistinctCount(_count, false);

    /// <summary>The bytes its content takes in memory (the array it holds).</summary>
    public long MemoryBytes => _registers?.Length ?? (long)_hashes.Length * sizeof(ulong);

    /// <summary>The exact hashes, sorted (empty once <see cref="IsApproximate"/>).</summary>
    public ReadOnlySpan<ulong> Hashes => _registers is null ? _hashes.AsSpan(0, _count) : [];

    /// <summary>The registers once <see cref="IsApproximate"/> (else empty).</summary>
    public ReadOnlySpan<byte> RegistersOrEmpty => _registers;

    /// <summary>Adds hashes (repeats allowed, in any order; one sort and merge per call).</summary>
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

        var added = hashes.ToArray();
        Array.Sort(added);
        var merged = new ulong[Math.Min(_count + added.Length, int.MaxValue / 16)];
        int i = 0, j = 0, n = 0;
        while (i < _count || j < added.Length)
        {
            var next = j >= added.Length || (i < _count && _hashes[i] <= added[j]) ? _hashes[i++] : added[j++];
            if (n == 0 || merged[n - 1] != next)
            {
                merged[n++] = next;
            }
        }

        if (n > ExactLimit)
        {
            registers = new byte[HyperLogLog.Registers];
            foreach (var hash in merged.AsSpan(0, n))
            {
                HyperLogLog.Add(registers, hash);
            }

            _registers = registers;
            _hashes = [];
            _count = 0;
            return;
        }

        if (n > _hashes.Length)
        {
            Array.Resize(ref _hashes, Math.Min(ExactLimit, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)n)));
        }

        merged.AsSpan(0, n).CopyTo(_hashes);
        _count = n;
    }

    /// <summary>The value as a store keeps it (see the type's comment).</summary>
    public byte[] ToBytes()
    {
        if (_registers is { } registers)
        {
            var bytes = new byte[1 + registers.Length];
            bytes[0] = HyperLogLogForm;
            registers.CopyTo(bytes, 1);
            return bytes;
        }

        var exact = new byte[1 + (_count * sizeof(ulong))];
        exact[0] = ExactForm;
        for (var i = 0; i < _count; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(exact.AsSpan(1 + (i * sizeof(ulong))), _hashes[i]);
        }

        return exact;
    }

    /// <summary>The sketch of a value written by <see cref="ToBytes"/>.</summary>
    public static DistinctSketch FromBytes(ReadOnlySpan<byte> bytes)
    {
        var sketch = new DistinctSketch();
        if (bytes.Length == 1 + HyperLogLog.Registers && bytes[0] == HyperLogLogForm)
        {
            if (bytes[1..].IndexOfAnyInRange((byte)(HyperLogLog.MaxRank + 1), byte.MaxValue) >= 0)
            {
                throw new CartwheelException(ErrorCodes.CatalogCorrupt, $"A distinct-count sketch has a register above {HyperLogLog.MaxRank}.");
            }

            sketch._registers = bytes[1..].ToArray();
            return sketch;
        }

        if (bytes.Length == 0 || bytes[0] != ExactForm || (bytes.Length - 1) % sizeof(ulong) != 0 || (bytes.Length - 1) / sizeof(ulong) > ExactLimit)
        {
            throw new CartwheelException(ErrorCodes.CatalogCorrupt, "A distinct-count sketch has an unknown form or size.");
        }

        var hashes = new ulong[(bytes.Length - 1) / sizeof(ulong)];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(1 + (i * sizeof(ulong)))..]);
        }

        sketch.Add(hashes);
        return sketch;
    }
}
