using System.Buffers;
using System.IO.Hashing;

namespace Cartwheel.Lake.Parquet;

/// <summary>
/// Dictionary-encodes one OPTIONAL string column of a row group as its PLAIN-encoded values come in: each value's
/// bytes (length prefix included, as the dictionary page holds them) are looked up by their XXH3 hash in an
/// open-addressing table at most half full, a new value appended to the dictionary page body as it stands, so a value
/// costs a hash and a compare and no allocation. The dictionary is per row group. When a new value would bring the
/// dictionary page past <see cref="MaxDictionaryBytes"/> (parquet-mr's <c>parquet.dictionary.page.size</c> default,
/// 1 MiB), the builder is <see cref="IsFull"/>: the rows so far are <see cref="TakePart"/>'s dictionary and index
/// pages and the caller writes the rest of the row group PLAIN, as parquet-mr falls back. Used by one thread.
/// </summary>
internal sealed class DictionaryPageBuilder(int maxDictionaryBytes = DictionaryPageBuilder.DefaultMaxDictionaryBytes)
{
    public const int DefaultMaxDictionaryBytes = 1024 * 1024;

    private byte[] _dictionary = ArrayPool<byte>.Shared.Rent(4096);
    private int _dictionaryLength;

    /// <summary>Where entry i starts in <see cref="_dictionary"/> (entry i ends where i + 1 starts); one more than entries.</summary>
    private int[] _entryStarts = new int[257];
    private int _entries;

    /// <summary>
    /// Open addressing, at most half full: per slot the entry's hash (high half) and entry + 1 (low half), 0 when
    /// empty, so a probe compares hashes without reading the entries (one cache line for a miss of a large dictionary).
    /// </summary>
    private long[] _slots = new long[512];
    private int[] _indices = ArrayPool<int>.Shared.Rent(4096);
    private int _indexCount;
    private readonly DefinitionLevels _levels = new();
    private int _nulls;

    public int MaxDictionaryBytes { get; } = maxDictionaryBytes;

    /// <summary>The dictionary met a value it has no room for; the rest of the row group goes PLAIN.</summary>
    public bool IsFull { get; private set; }

    /// <summary>Rows (NULLs included) since the last <see cref="TakePart"/>.</summary>
    public int Values { get; private set; }

    /// <summary>
    /// Adds the values of a PLAIN run (as <see cref="PageBuilder.AppendPlain"/> takes them) until the dictionary is full;
    /// returns how many were added (all of them unless <see cref="IsFull"/>).
    /// </summary>
    public int AppendPlain(ReadOnlySpan<byte> plain, ReadOnlySpan<int> ends)
    {
        if (IsFull)
        {
            return 0;
        }

        var at = 0;
        for (var i = 1; i < ends.Length; i++)
        {
            var length = ends[i] - ends[i - 1];
            if (length == 0)
            {
                _levels.Add(false);
                _nulls++;
                Values++;
                continue;
            }

            var index = IndexOf(plain.Slice(at, length));
            if (index < 0)
            {
                IsFull = true;
                return i - 1;
            }

            if (_indexCount == _indices.Length)
            {
                var bigger = ArrayPool<int>.Shared.Rent(2 * _indices.Length);
                _indices.AsSpan().CopyTo(bigger);
                ArrayPool<int>.Shared.Return(_indices);
                _indices = bigger;
            }

            _indices[_indexCount++] = index;
            _levels.Add(true);
            Values++;
            at += length;
        }

        return ends.Length - 1;
    }

    /// <summary>
    /// Hands over the rows since the last call (their dictionary, indices and levels, in pooled arrays that the part
    /// returns once written) and empties the dictionary; <see cref="IsFull"/> stays until <see cref="NewRowGroup"/>.
    /// </summary>
    public DictionaryChunkPart TakePart()
    {
        _levels.Flush();
        var part = new DictionaryChunkPart(_dictionary, _dictionaryLength, _entries, _indices, _indexCount, _levels.Written.ToArray(), Values, _nulls);
        _dictionary = ArrayPool<byte>.Shared.Rent(Math.Max(4096, _dictionaryLength));
        _indices = ArrayPool<int>.Shared.Rent(Math.Max(4096, _indexCount));
        Array.Clear(_slots);
        _dictionaryLength = _entries = _indexCount = _nulls = Values = 0;
        _levels.Clear();
        return part;
    }

    /// <summary>A new row group may use the dictionary again.</summary>
    public void NewRowGroup() => IsFull = false;

    /// <summary>Returns the pooled arrays (the builder is not used afterwards).</summary>
    public void Release()
    {
        ArrayPool<byte>.Shared.Return(_dictionary);
        ArrayPool<int>.Shared.Return(_indices);
        _dictionary = [];
        _indices = [];
    }

    /// <summary>The entry of <paramref name="entry"/> (length prefix and bytes), added when new; −1 when the dictionary has no room for it.</summary>
    private int IndexOf(ReadOnlySpan<byte> entry)
    {
        var hash = (int)XxHash3.HashToUInt64(entry);
        var mask = _slots.Length - 1;
        var slot = hash & mask;
        while (_slots[slot] is var held and not 0)
        {
            var e = (int)held - 1;
            var start = _entryStarts[e];
            if ((int)(held >> 32) == hash && _entryStarts[e + 1] - start == entry.Length && entry.SequenceEqual(_dictionary.AsSpan(start, entry.Length)))
            {
                return e;
            }

            slot = (slot + 1) & mask;
        }

        if (_dictionaryLength + entry.Length > MaxDictionaryBytes)
        {
            return -1;
        }

        if (_dictionaryLength + entry.Length > _dictionary.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(2 * _dictionary.Length, _dictionaryLength + entry.Length));
            _dictionary.AsSpan(0, _dictionaryLength).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_dictionary);
            _dictionary = bigger;
        }

        var index = _entries++;
        if (_entries + 1 == _entryStarts.Length)
        {
            Array.Resize(ref _entryStarts, 2 * _entryStarts.Length);
        }

        entry.CopyTo(_dictionary.AsSpan(_dictionaryLength));
        _entryStarts[index] = _dictionaryLength;
        _dictionaryLength += entry.Length;
        _entryStarts[_entries] = _dictionaryLength;
        _slots[slot] = ((long)hash << 32) | (uint)_entries;
        if (2 * _entries > _slots.Length)
        {
            Rehash();
        }

        return index;
    }

    private void Rehash() => _slots = Cartwheel.Internal.HashSlots.Doubled(_slots);
}
