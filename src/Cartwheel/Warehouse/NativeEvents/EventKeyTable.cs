namespace Cartwheel.Warehouse.NativeEvents;

/// <summary>
/// The dedup state of <see cref="EventsPartitionScan"/>: per distinct event_id (its UTF-8 bytes, which for valid
/// UTF-8 compare equal exactly when DuckDB's VARCHARs do) the dedup order of the copy kept. Keys live in one byte arena
/// and entries in one array, found through an open-addressing index (linear probing, at most half full), so a
/// partition of millions of events costs a few large arrays instead of a string and a dictionary node per event
/// (no garbage for the collector to trace, about half the memory). The hash is computed by the parsing workers
/// (<see cref="Hash"/>); used by one thread.
/// </summary>
internal sealed class EventKeyTable
{
    private const int BlockBytes = 1 << 20;

    private readonly List<byte[]> _blocks = [];
    private Entry[] _entries;
    private int[] _index;
    private int _used;

    /// <param name="expected">How many keys to size for up front (growing rehashes on the serial thread).</param>
    public EventKeyTable(long expected)
    {
        var capacity = (int)Math.Clamp(expected, 16, 1 << 29);
        _entries = new Entry[capacity];
        _index = new int[(int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity * 2))];
    }

    /// <summary>Distinct keys added.</summary>
    public int Count { get; private set; }

    /// <summary>The hash of a key's bytes for <see cref="TryAdd"/> (per process: nothing persists it).</summary>
    public static int Hash(ReadOnlySpan<byte> key)
    {
        var hash = new HashCode();
        hash.AddBytes(key);
        return hash.ToHashCode();
    }

    /// <summary>
    /// Adds <paramref name="key"/> with the dedup order of its copy and returns true; when the key is there already,
    /// returns false with the kept copy's order in <paramref name="kept"/>.
    /// </summary>
    public bool TryAdd(ReadOnlySpan<byte> key, int hash, (long Ingested, int Source, long Line) copy, out (long Ingested, int Source, long Line) kept)
    {
        var mask = _index.Length - 1;
        var slot = hash & mask;
        while (_index[slot] != 0)
        {
            ref var entry = ref _entries[_index[slot] - 1];
            if (entry.Hash == hash && entry.Length == key.Length && Key(entry).SequenceEqual(key))
            {
                kept = (entry.Ingested, entry.Source, entry.Line);
                return false;
            }

            slot = (slot + 1) & mask;
        }

        if (Count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        _entries[Count] = new Entry(Store(key), key.Length, hash, copy.Ingested, copy.Source, copy.Line);
        _index[slot] = ++Count;
        if (Count * 2L > _index.Length)
        {
            Grow();
        }

        kept = default;
        return true;
    }

    private long Store(ReadOnlySpan<byte> key)
    {
        if (_blocks.Count == 0 || _used + key.Length > _blocks[^1].Length)
        {
            _blocks.Add(new byte[Math.Max(BlockBytes, key.Length)]);
            _used = 0;
        }

        key.CopyTo(_blocks[^1].AsSpan(_used));
        var at = ((long)(_blocks.Count - 1) << 32) | (uint)_used;
        _used += key.Length;
        return at;
    }

    private ReadOnlySpan<byte> Key(in Entry entry) => _blocks[(int)(entry.At >> 32)].AsSpan((int)(uint)entry.At, entry.Length);

    private void Grow()
    {
        _index = new int[_index.Length * 2];
        var mask = _index.Length - 1;
        for (var e = 0; e < Count; e++)
        {
            var slot = _entries[e].Hash & mask;
            while (_index[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _index[slot] = e + 1;
        }
    }

    /// <summary>A key (block and offset in <see cref="At"/>) and the dedup order of its kept copy.</summary>
    private readonly record struct Entry(long At, int Length, int Hash, long Ingested, int Source, long Line);
}
