namespace Cartwheel.Log;

/// <summary>
/// Reused arrays for the chunks the log's tail holds (decision 65). A chunk of a 500-message batch is ~80–330 KB, so
/// a fresh array per chunk went to the large object heap at ~70 MB/s under load, and that churn started a full
/// (gen 2) collection several times a second. Arrays are rented in sizes rounded up to 16 KiB, handed back only when
/// the consumer truncated the log past every record of their chunk (a reader never reads below the offsets it
/// truncated), and kept free up to a byte budget; beyond it a returned array is left to the GC.
/// </summary>
internal sealed class ChunkPool(long maxFreeBytes)
{
    private const int Granule = 16 << 10;

    private readonly Lock _lock = new();
    private readonly Dictionary<long, Stack<byte[]>> _free = [];
    private long _freeBytes;

    /// <summary>The bytes of the arrays kept free.</summary>
    public long FreeBytes
    {
        get
        {
            lock (_lock)
            {
                return _freeBytes;
            }
        }
    }

    /// <summary>An array of at least <paramref name="size"/> bytes (not zeroed).</summary>
    public byte[] Rent(long size)
    {
        var length = (size + Granule - 1) / Granule * Granule;
        lock (_lock)
        {
            if (_free.TryGetValue(length, out var stack) && stack.TryPop(out var array))
            {
                _freeBytes -= array.Length;
                return array;
            }
        }

        return GC.AllocateUninitializedArray<byte>(checked((int)Math.Max(length, Granule)));
    }

    /// <summary>Takes back an array from <see cref="Rent"/> that nothing reads any more.</summary>
    public void Return(byte[] array)
    {
        if (array.Length % Granule != 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_freeBytes + array.Length > maxFreeBytes)
            {
                return;
            }

            if (!_free.TryGetValue(array.Length, out var stack))
            {
                _free[array.Length] = stack = new Stack<byte[]>();
            }

            stack.Push(array);
            _freeBytes += array.Length;
        }
    }
}
