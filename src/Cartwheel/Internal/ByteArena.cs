namespace Cartwheel.Internal;

/// <summary>
/// Append-only storage of many small byte strings in 1 MiB blocks: a position is (block &lt;&lt; 32 | offset), so
/// millions of keys cost a few large arrays instead of an object each (nothing for the collector to trace). A
/// reservation never spans two blocks. Used by one thread.
/// </summary>
internal sealed class ByteArena
{
    private const int BlockBytes = 1 << 20;

    private readonly List<byte[]> _blocks = [];
    private int _used;

    /// <summary>Copies <paramref name="bytes"/> in; returns their position.</summary>
    public long Store(ReadOnlySpan<byte> bytes)
    {
        var at = Reserve(bytes.Length, out var space);
        bytes.CopyTo(space);
        return at;
    }

    /// <summary>Reserves <paramref name="length"/> contiguous bytes (<paramref name="space"/>); returns their position.</summary>
    public long Reserve(int length, out Span<byte> space)
    {
        if (_blocks.Count == 0 || _used + length > _blocks[^1].Length)
        {
            _blocks.Add(new byte[Math.Max(BlockBytes, length)]);
            _used = 0;
        }

        var at = ((long)(_blocks.Count - 1) << 32) | (uint)_used;
        space = _blocks[^1].AsSpan(_used, length);
        _used += length;
        return at;
    }

    /// <summary>The <paramref name="length"/> bytes at position <paramref name="at"/>.</summary>
    public ReadOnlySpan<byte> Get(long at, int length) => _blocks[(int)(at >> 32)].AsSpan((int)(uint)at, length);

    /// <summary>The bytes from position <paramref name="at"/> to the end of its block (for records that carry their own lengths).</summary>
    public ReadOnlySpan<byte> From(long at) => _blocks[(int)(at >> 32)].AsSpan((int)(uint)at);
}
