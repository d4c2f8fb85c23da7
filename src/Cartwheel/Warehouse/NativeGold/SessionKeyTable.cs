using System.Runtime.CompilerServices;
using Cartwheel.Internal;

namespace Cartwheel.Warehouse.NativeGold;

/// <summary>
/// Session ids (their UTF-8 bytes, equal exactly when DuckDB's VARCHARs are) numbered 0, 1, … in the order first
/// seen: keys in one byte arena (<see cref="ByteArena"/>), found through an open-addressing index (linear probing, at most half full), so
/// millions of sessions cost a few large arrays rather than a string and a dictionary node each. Used by one thread.
/// </summary>
internal sealed class SessionKeyTable
{
    private readonly ByteArena _arena = new();
    private long[] _at = new long[1024];
    private int[] _lengths = new int[1024];

    /// <summary>Per slot the hash (high half) and the key's number + 1 (low half); 0 is empty.</summary>
    private long[] _index = new long[2048];

    public int Count { get; private set; }

    /// <summary>The number of <paramref name="key"/>, adding it when <paramref name="add"/>; -1 when it is not there and not added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Find(ReadOnlySpan<byte> key, bool add)
    {
        var hash = new HashCode();
        hash.AddBytes(key);
        var code = hash.ToHashCode();
        var mask = _index.Length - 1;
        var slot = code & mask;
        for (long value; (value = _index[slot]) != 0; slot = (slot + 1) & mask)
        {
            var id = (int)value - 1;
            if ((int)(value >> 32) == code && _lengths[id] == key.Length && Key(id).SequenceEqual(key))
            {
                return id;
            }
        }

        if (!add)
        {
            return -1;
        }

        if (Count == _at.Length)
        {
            Array.Resize(ref _at, _at.Length * 2);
            Array.Resize(ref _lengths, _lengths.Length * 2);
        }

        _at[Count] = _arena.Store(key);
        _lengths[Count] = key.Length;
        _index[slot] = ((long)code << 32) | (uint)++Count;
        if (Count * 2L > _index.Length)
        {
            Grow();
        }

        return Count - 1;
    }

    public ReadOnlySpan<byte> Key(int id) => _arena.Get(_at[id], _lengths[id]);

    private void Grow()
    {
        var old = _index;
        _index = new long[old.Length * 2];
        var mask = _index.Length - 1;
        foreach (var value in old.Where(v => v != 0))
        {
            var slot = (int)(value >> 32) & mask;
            while (_index[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _index[slot] = value;
        }
    }
}
