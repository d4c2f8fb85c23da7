using System.Buffers;
using System.Buffers.Binary;

namespace Cartwheel.Lake.Parquet;

/// <summary>
/// Accumulates one Parquet data page (v1) of an OPTIONAL column: PLAIN values plus the definition levels (RLE runs
/// of bit width 1). The values are written after a reserved gap so that, when the levels fit in it (always, unless
/// nulls and values alternate), the page body <c>[levels length][levels][values]</c> is contiguous without a copy.
/// </summary>
internal sealed class PageBuilder
{
    private const int Reserved = 64;
    private const int InitialCapacity = 4096;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialCapacity);
    private int _end = Reserved;
    private readonly DefinitionLevels _levels = new();

    /// <summary>Values (nulls included) in the page.</summary>
    public int Count { get; private set; }

    public int Nulls { get; private set; }

    /// <summary>Bytes of PLAIN values so far.</summary>
    public int ValueBytes => _end - Reserved;

    public void AppendNull()
    {
        Level(false);
        Nulls++;
    }

    public void AppendBytes(ReadOnlySpan<byte> value)
    {
        Level(true);
        var target = Grow(4 + value.Length);
        BinaryPrimitives.WriteInt32LittleEndian(target, value.Length);
        value.CopyTo(target[4..]);
    }

    /// <summary>
    /// Appends several values at once from a PLAIN run (each value as its length and bytes): value i is bytes
    /// [<paramref name="ends"/>[i] − ends[0], ends[i + 1] − ends[0]) of <paramref name="plain"/>, NULL when that is empty.
    /// </summary>
    public void AppendPlain(ReadOnlySpan<byte> plain, ReadOnlySpan<int> ends)
    {
        for (var i = 1; i < ends.Length; i++)
        {
            var defined = ends[i] != ends[i - 1];
            Level(defined);
            if (!defined)
            {
                Nulls++;
            }
        }

        plain.CopyTo(Grow(plain.Length));
    }

    public void AppendInt64(long value)
    {
        Level(true);
        BinaryPrimitives.WriteInt64LittleEndian(Grow(8), value);
    }

    /// <summary>
    /// Hands over the page body (a pooled array: return it to <see cref="ArrayPool{T}.Shared"/>) and starts a new
    /// empty page.
    /// </summary>
    public SealedPage Seal()
    {
        _levels.Flush();
        var levelBytes = 4 + _levels.Length;
        byte[] body;
        int start;
        if (levelBytes <= Reserved)
        {
            body = _buffer;
            start = Reserved - levelBytes;
        }
        else
        {
            body = ArrayPool<byte>.Shared.Rent(levelBytes + ValueBytes);
            start = 0;
            _buffer.AsSpan(Reserved, ValueBytes).CopyTo(body.AsSpan(levelBytes));
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(start), _levels.Length);
        _levels.Written.CopyTo(body.AsSpan(start + 4));
        var page = new SealedPage(body, start, levelBytes + ValueBytes, Count, Nulls);
        // The next page starts with room for one like this (a partition with few rows never holds big buffers:
        // a users file spread over ~730 daily partitions would otherwise hold ~730 page-sized arrays).
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(InitialCapacity, page.Length + Reserved));
        _end = Reserved;
        _levels.Clear();
        Count = 0;
        Nulls = 0;
        return page;
    }

    /// <summary>Returns the current buffer to the pool (the builder is not used afterwards).</summary>
    public void Release() => ArrayPool<byte>.Shared.Return(_buffer);

    private Span<byte> Grow(int length)
    {
        if (_end + length > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _end + length));
            _buffer.AsSpan(0, _end).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        var span = _buffer.AsSpan(_end, length);
        _end += length;
        return span;
    }

    private void Level(bool defined)
    {
        Count++;
        _levels.Add(defined);
    }
}
