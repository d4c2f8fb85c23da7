namespace Cartwheel.Streaming;

/// <summary>
/// A hash set of dedup keys for one hour of the <see cref="DedupIndex"/>: open addressing with linear probing over
/// arrays of the keys themselves, so a lookup reads one slot (a cache line, the next ones rarely) instead of
/// <c>HashSet</c>'s bucket and then its entry: in a set of millions both are cache misses, and every record is looked
/// up. At most three quarters full (16 bytes a slot: 21–43 bytes a key). Key 0 marks an empty slot and is kept aside.
/// The keys are spread over 256 segments by the top bits of their hash, each its own table that doubles on its own:
/// one table of millions would double in one step, holding its old and new arrays at once and leaving the old one
/// (hundreds of MB at a busy hour) as large-object garbage until a full collection — the stream's memory peak.
/// </summary>
internal sealed class DedupKeySet
{
    private const int SegmentBits = 8;

    private readonly Segment[] _segments = new Segment[1 << SegmentBits];
    private bool _hasZero;

    public DedupKeySet()
    {
        for (var i = 0; i < _segments.Length; i++)
        {
            _segments[i] = new Segment();
        }
    }

    public int Count { get; private set; }

    /// <summary>Bytes of the slot arrays this set has replaced by larger ones so far (garbage for the GC).</summary>
    public long ReleasedBytes { get; private set; }

    /// <summary>Bytes of the slot arrays the set holds now.</summary>
    public long Bytes
    {
        get
        {
            long bytes = 0;
            foreach (var segment in _segments)
            {
                bytes += segment.Bytes;
            }

            return bytes;
        }
    }

    public bool Contains(UInt128 key)
    {
        if (key == UInt128.Zero)
        {
            return _hasZero;
        }

        var hash = Hash(key);
        return _segments[(int)(hash >> (64 - SegmentBits))].Contains(key, hash << SegmentBits);
    }

    /// <summary>Adds a key; false when it was there.</summary>
    public bool Add(UInt128 key)
    {
        if (key == UInt128.Zero)
        {
            if (_hasZero)
            {
                return false;
            }

            _hasZero = true;
            Count++;
            return true;
        }

        var hash = Hash(key);
        var segment = _segments[(int)(hash >> (64 - SegmentBits))];
        var bytes = segment.Bytes;
        var added = segment.Add(key, hash << SegmentBits);
        ReleasedBytes += segment.Bytes == bytes ? 0 : bytes;
        if (!added)
        {
            return false;
        }

        Count++;
        return true;
    }

    // Fibonacci hashing of both halves: the keys are hashes already, but the index must not depend on that.
    private static ulong Hash(UInt128 key) => ((ulong)key ^ (ulong)(key >> 64)) * 0x9E3779B97F4A7C15UL;

    /// <summary>One table; its slot is the top bits of the hash left after the segment's.</summary>
    private sealed class Segment
    {
        private UInt128[] _slots = new UInt128[8];
        private int _shift = 64 - 3;
        private int _count;

        public long Bytes => _slots.Length * 16L;

        public bool Contains(UInt128 key, ulong hash) => _slots[Find(_slots, _shift, key, hash)] == key;

        public bool Add(UInt128 key, ulong hash)
        {
            if ((_count + 1) * 4L > _slots.Length * 3L)
            {
                Grow();
            }

            var i = Find(_slots, _shift, key, hash);
            if (_slots[i] == key)
            {
                return false;
            }

            _slots[i] = key;
            _count++;
            return true;
        }

        private void Grow()
        {
            var slots = new UInt128[_slots.Length * 2];
            var shift = _shift - 1;
            foreach (var key in _slots)
            {
                if (key != UInt128.Zero)
                {
                    slots[Find(slots, shift, key, Hash(key) << SegmentBits)] = key;
                }
            }

            _slots = slots;
            _shift = shift;
        }

        /// <summary>The slot holding <paramref name="key"/>, or the empty slot that ends its probe.</summary>
        private static int Find(UInt128[] slots, int shift, UInt128 key, ulong hash)
        {
            var mask = slots.Length - 1;
            var i = (int)(hash >> shift);
            while (slots[i] != key && slots[i] != UInt128.Zero)
            {
                i = (i + 1) & mask;
            }

            return i;
        }
    }
}
