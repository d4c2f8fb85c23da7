using System.Buffers.Binary;
using System.Text;

namespace Cartwheel.Lake.Parquet;

/// <summary>
/// A dictionary-encoded column chunk for the bronze columns that hold one or a few values per file (source file,
/// ingestion time, file hash, batch id): a PLAIN dictionary page and one data page of RLE runs of indices, both
/// uncompressed. Never null. Each row group gets the whole dictionary.
/// </summary>
internal sealed class DictionaryColumn
{
    private readonly List<byte[]> _entries = [];
    private readonly Dictionary<string, int> _lookup = new(StringComparer.Ordinal);
    private readonly List<(int Index, int Count)> _runs = [];

    /// <summary>A string column whose first entry is <paramref name="value"/>.</summary>
    public static DictionaryColumn ForString(string value)
    {
        var column = new DictionaryColumn();
        column.IndexOf(value);
        return column;
    }

    /// <summary>An INT64 column holding one value in every row.</summary>
    public static DictionaryColumn ForInt64(long value)
    {
        var column = new DictionaryColumn();
        var entry = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(entry, value);
        column._entries.Add(entry);
        return column;
    }

    /// <summary>Adds a row holding entry <paramref name="index"/>.</summary>
    public void Append(int index) => AppendRun(index, 1);

    /// <summary>Adds <paramref name="count"/> rows holding entry <paramref name="index"/>.</summary>
    public void AppendRun(int index, int count)
    {
        if (_runs.Count > 0 && _runs[^1].Index == index)
        {
            _runs[^1] = (index, _runs[^1].Count + count);
        }
        else
        {
            _runs.Add((index, count));
        }
    }

    /// <summary>The dictionary index of a string value, added when new.</summary>
    public int IndexOf(string value)
    {
        if (!_lookup.TryGetValue(value, out var index))
        {
            index = _entries.Count;
            var bytes = Encoding.UTF8.GetBytes(value);
            var entry = new byte[4 + bytes.Length];
            BinaryPrimitives.WriteInt32LittleEndian(entry, bytes.Length);
            bytes.CopyTo(entry, 4);
            _entries.Add(entry);
            _lookup[value] = index;
        }

        return index;
    }

    /// <summary>The dictionary page body and the data page body of the rows added since the last call; then starts over.</summary>
    public (byte[] Dictionary, int Entries, byte[] Data) TakeChunk(int rows)
    {
        var dictionary = new byte[_entries.Sum(e => e.Length)];
        var at = 0;
        foreach (var entry in _entries)
        {
            entry.CopyTo(dictionary, at);
            at += entry.Length;
        }

        var data = new List<byte>(32);
        // Definition levels: every row defined, one RLE run, prefixed by its byte length.
        var levels = new List<byte>(8);
        VarInt(levels, (uint)rows << 1);
        levels.Add(1);
        data.AddRange(BitConverter.GetBytes(levels.Count));
        data.AddRange(levels);
        var bitWidth = Math.Max(1, 32 - int.LeadingZeroCount(_entries.Count - 1));
        data.Add((byte)bitWidth);
        foreach (var (index, count) in _runs)
        {
            VarInt(data, (uint)count << 1);
            for (var b = 0; b < (bitWidth + 7) / 8; b++)
            {
                data.Add((byte)(index >> (8 * b)));
            }
        }

        _runs.Clear();
        return (dictionary, _entries.Count, [.. data]);
    }

    private static void VarInt(List<byte> output, uint value)
    {
        while (value >= 0x80)
        {
            output.Add((byte)(value | 0x80));
            value >>= 7;
        }

        output.Add((byte)value);
    }
}
