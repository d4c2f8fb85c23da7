namespace Cartwheel.Internal;

/// <summary>
/// Open-addressing tables of <see cref="long"/> slots whose upper 32 bits are the entry's hash and whose value 0 means
/// empty (linear probing; the length is a power of two). Shared by the tables that index entries kept elsewhere.
/// </summary>
internal static class HashSlots
{
    /// <summary>A table twice as long holding every entry of <paramref name="slots"/>, each at its hash's first free slot.</summary>
    public static long[] Doubled(long[] slots)
    {
        var grown = new long[2 * slots.Length];
        var mask = grown.Length - 1;
        foreach (var held in slots)
        {
            if (held == 0)
            {
                continue;
            }

            var slot = (int)(held >> 32) & mask;
            while (grown[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            grown[slot] = held;
        }

        return grown;
    }
}
