using System.Numerics;

namespace Cartwheel.Streaming;

/// <summary>
/// A hash set of dedup keys for one hour of the <see cref="DedupIndex"/>: open addressing with linear probing over
/// an array of the keys themselves, so a lookup reads one slot (a cache line, the next ones rarely) instead of
/// <c>HashSet</c>'s bucket and then its entry: in a set of millions both are cache misses, and every record is looked
/// up. At most three quarters full (16 bytes a slot: 21–43 bytes a key). Key 0 marks an empty slot and is kept aside.
/// </summary>
internal sealed class DedupKeySet
{
    private UInt128[] _slots = new UInt128[16];
    private int _shift = 64 - 4;
    private bool _hasZero;

    public int Count { get; private set; }

    public bool Contains(UInt128 key)
    {
        if (key == UInt128.Zero)
        {
            return _hasZero;
        }

        var mask = _slots.Length - 1;
        for (var i = Slot(key); ; i = (i + 1) & mask)
        {
            var slot = _slots[i];
            if (slot == key)
            {
                return true;
            }

            if (slot == UInt128.Zero)
            {
                return false;
            }
        }
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

        if ((Count + 1) * 4L > _slots.Length * 3L)
        {
            Grow();
        }

        if (!Insert(_slots, _shift, key))
        {
            return false;
        }

        Count++;
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
                Insert(slots, shift, key);
            }
        }

        _slots = slots;
        _shift = shift;
    }

    private int Slot(UInt128 key) => Slot(key, _shift);

    // Fibonacci hashing of both halves: the keys are hashes already, but the index must not depend on that.
    private static int Slot(UInt128 key, int shift) => (int)((((ulong)key ^ (ulong)(key >> 64)) * 0x9E3779B97F4A7C15UL) >> shift);

    private static bool Insert(UInt128[] slots, int shift, UInt128 key)
    {
        var mask = slots.Length - 1;
        for (var i = Slot(key, shift); ; i = (i + 1) & mask)
        {
            var slot = slots[i];
            if (slot == key)
            {
                return false;
            }

            if (slot == UInt128.Zero)
            {
                slots[i] = key;
                return true;
            }
        }
    }
}
