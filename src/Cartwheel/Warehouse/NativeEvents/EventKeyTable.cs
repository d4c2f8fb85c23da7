namespace Cartwheel.Warehouse.NativeEvents;

/// <summary>
/// The dedup state of <see cref="EventsPartitionScan"/>: per distinct event_id (its UTF-8 bytes, which for valid
/// UTF-8 compare equal exactly when DuckDB's VARCHARs do) the dedup order of the copy kept. Keys live in one byte arena (<see cref="Internal.ByteArena"/>)
/// and entries in one array, found through an open-addressing index (linear probing, at most half full), so a
/// partition of millions of events costs a few large arrays instead of a string and a dictionary node per event
/// (no garbage for the collector to trace, about half the memory). The hash is computed by the parsing workers
/// (<see cref="Hash"/>); used by one thread.
/// </summary>
internal sealed class EventKeyTable
{
    private readonly Internal.ByteArena _keys = new();
    private Entry[] _entries;

    /// <summary>Per slot the hash (high half) and entry number + 1 (low half); 0 is empty. A probe compares hashes without touching entries.</summary>
    private long[] _index;

    /// <param name="expected">How many keys to size for up front (growing rehashes on the serial thread).</param>
    public EventKeyTable(long expected)
    {
        var capacity = (int)Math.Clamp(expected, 16, 1 << 29);
        _entries = new Entry[capacity];
        _index = new long[(int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity * 2))];
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
        for (long value; (value = _index[slot]) != 0; slot = (slot + 1) & mask)
        {
            if ((int)(value >> 32) != hash)
            {
                continue;
            }

            ref var entry = ref _entries[(int)value - 1];
            if (entry.Length == key.Length && Key(entry).SequenceEqual(key))
            {
                kept = (entry.Ingested, entry.Source, entry.Line);
                return false;
            }
        }

        if (Count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        _entries[Count] = new Entry(_keys.Store(key), copy.Ingested, copy.Line, key.Length, copy.Source);
        _index[slot] = ((long)hash << 32) | (uint)++Count;
        if (Count * 2L > _index.Length)
        {
            Grow();
        }

        kept = default;
        return true;
    }

    private ReadOnlySpan<byte> Key(in Entry entry) => _keys.Get(entry.At, entry.Length);

    private void Grow() => _index = Cartwheel.Internal.HashSlots.Doubled(_index);

    /// <summary>A key (block and offset in <see cref="At"/>) and the dedup order of its kept copy.</summary>
    private readonly record struct Entry(long At, long Ingested, long Line, int Length, int Source);
}
