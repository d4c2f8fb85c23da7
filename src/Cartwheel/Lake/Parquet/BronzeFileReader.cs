using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Cartwheel.Lake.Parquet;

/// <summary>
/// Reads the bronze files Cartwheel's own writer produced (<see cref="ParquetFileWriter"/>, decision 12) — and only
/// those: the footer must name <see cref="ParquetFormat.CreatedBy"/> and the bronze columns in order, pages must be
/// what <see cref="PageBuilder"/>, <see cref="DictionaryColumn"/> and <see cref="DictionaryChunkPart"/> write (v1 data
/// pages, levels and indices in the RLE/bit-packed hybrid, PLAIN or RLE_DICTIONARY values, a dictionary page per row
/// group, ZSTD or uncompressed). Anything else is <see cref="InvalidDataException"/>; callers read
/// such files another way (DuckDB). Reads the silver events files of <c>SilverEventsWriter</c> too (the same pages,
/// another schema: <see cref="Open(string, ZstdDecompressor, string, IReadOnlyList{ParquetColumn})"/>). One instance per thread.
/// </summary>
internal sealed class BronzeFileReader : IDisposable
{
    private const int CodecUncompressed = 0;
    private const int CodecZstd = 6;
    private const int PageData = 0;
    private const int PageDictionary = 2;
    private const int EncodingPlain = 0;
    private const int EncodingPlainDictionary = 2;
    private const int EncodingRleDictionary = 8;

    private readonly SafeFileHandle _file;
    private readonly ZstdDecompressor _zstd;
    private readonly string _createdBy;
    private readonly IReadOnlyList<ParquetColumn> _columns;
    private readonly List<(long Rows, ChunkMeta[] Columns)> _rowGroups = [];

    /// <summary>Pooled buffers behind the values handed out since the last <see cref="Release"/>.</summary>
    private readonly List<byte[]> _rented = [];

    private BronzeFileReader(string path, ZstdDecompressor zstd, string createdBy, IReadOnlyList<ParquetColumn> columns)
    {
        _file = File.OpenHandle(path);
        _zstd = zstd;
        _createdBy = createdBy;
        _columns = columns;
    }

    public int RowGroupCount => _rowGroups.Count;

    public long Rows => _rowGroups.Sum(g => g.Rows);

    /// <summary>Opens a bronze file and reads its footer; <see cref="InvalidDataException"/> when our writer did not write it.</summary>
    public static BronzeFileReader Open(string path, ZstdDecompressor zstd) => Open(path, zstd, ParquetFormat.CreatedBy, BronzeParquetColumns.All);

    /// <summary>
    /// Opens a file of Cartwheel's writer with another schema: the footer must name <paramref name="createdBy"/> and
    /// <paramref name="columns"/> in order; <see cref="InvalidDataException"/> otherwise.
    /// </summary>
    public static BronzeFileReader Open(string path, ZstdDecompressor zstd, string createdBy, IReadOnlyList<ParquetColumn> columns)
    {
        var reader = new BronzeFileReader(path, zstd, createdBy, columns);
        try
        {
            reader.ReadFooter();
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    public long RowGroupRows(int rowGroup) => _rowGroups[rowGroup].Rows;

    /// <summary>
    /// Decodes one column (index in the file's columns, <see cref="BronzeParquetColumns"/> for bronze) of a row group. The values point into pooled
    /// buffers: valid until <see cref="Release"/>.
    /// </summary>
    public ColumnValues ReadColumn(int rowGroup, int column)
    {
        var (rows, columns) = _rowGroups[rowGroup];
        var meta = columns[column];
        var start = meta.DictionaryOffset ?? meta.DataOffset;
        if (meta.Values != rows || meta.CompressedSize is <= 0 or > int.MaxValue || meta.Codec is not (CodecUncompressed or CodecZstd))
        {
            throw new InvalidDataException("Unexpected bronze column chunk.");
        }

        var chunkLength = (int)meta.CompressedSize;
        var chunk = Rent(chunkLength);
        if (RandomAccess.Read(_file, chunk.AsSpan(0, chunkLength), start) != chunkLength)
        {
            throw new InvalidDataException("Bronze column chunk runs past the end of the file.");
        }

        var int64 = _columns[column].Type != ParquetColumnType.String;
        var values = new ColumnValues((int)rows);
        ColumnValues? dictionary = null;
        var row = 0;
        var at = 0;
        while (row < rows)
        {
            var thrift = new ThriftCompactReader(chunk, at, chunkLength);
            var page = PageHeader(thrift);
            var bodyStart = thrift.Position;
            if (page.Compressed < 0 || bodyStart + page.Compressed > chunkLength)
            {
                throw new InvalidDataException("Bronze page runs past its column chunk.");
            }

            byte[] body;
            int bodyAt;
            if (meta.Codec == CodecZstd)
            {
                body = Rent(page.Uncompressed);
                _zstd.Decompress(chunk.AsSpan(bodyStart, page.Compressed), body.AsSpan(0, page.Uncompressed));
                bodyAt = 0;
            }
            else if (page.Compressed == page.Uncompressed)
            {
                body = chunk;
                bodyAt = bodyStart;
            }
            else
            {
                throw new InvalidDataException("Unexpected compressed bronze page.");
            }

            at = bodyStart + page.Compressed;
            if (page.Type == PageDictionary && dictionary is null && row == 0)
            {
                dictionary = new ColumnValues(page.Values);
                Plain(dictionary, 0, page.Values, null, body, bodyAt, bodyAt + page.Uncompressed, int64);
            }
            else if (page.Type == PageData && row + page.Values <= rows)
            {
                DataPage(values, row, page, dictionary, body, bodyAt, bodyAt + page.Uncompressed, int64);
                row += page.Values;
            }
            else
            {
                throw new InvalidDataException("Unexpected bronze page.");
            }
        }

        return values;
    }

    /// <summary>Returns the buffers of the values read so far to the pool (those values are no longer used).</summary>
    public void Release()
    {
        foreach (var buffer in _rented)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _rented.Clear();
    }

    public void Dispose()
    {
        Release();
        _file.Dispose();
    }

    private byte[] Rent(int length)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        _rented.Add(buffer);
        return buffer;
    }

    private static void DataPage(ColumnValues values, int first, Page page, ColumnValues? dictionary, byte[] body, int at, int end, bool int64)
    {
        // Definition levels (bit width 1), length-prefixed: RLE runs only.
        var levelsLength = BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(at));
        var levelsEnd = at + 4 + levelsLength;
        var levels = new int[page.Values];
        Hybrid(body, at + 4, levelsEnd, 1, levels);
        var defined = Array.ConvertAll(levels, level => level == 1);
        at = levelsEnd;
        if (page.Encoding == EncodingPlain)
        {
            Plain(values, first, page.Values, defined, body, at, end, int64);
            return;
        }

        if (page.Encoding is not (EncodingRleDictionary or EncodingPlainDictionary) || dictionary is null)
        {
            throw new InvalidDataException("Unexpected bronze page encoding.");
        }

        var bitWidth = body[at];
        if (bitWidth > 32)
        {
            throw new InvalidDataException("Bad bit width of a dictionary page's indices.");
        }

        var indices = new int[defined.Count(d => d)];
        Hybrid(body, at + 1, end, bitWidth, indices);
        var next = 0;
        for (var i = 0; i < page.Values; i++)
        {
            var row = first + i;
            if (!defined[i])
            {
                values.Nulls[row] = true;
                continue;
            }

            var entry = indices[next++];
            if ((uint)entry >= (uint)dictionary.Count)
            {
                throw new InvalidDataException("Bronze dictionary index out of range.");
            }

            values.Arrays[row] = dictionary.Arrays[entry];
            values.Offsets[row] = dictionary.Offsets[entry];
            values.Lengths[row] = dictionary.Lengths[entry];
            values.Int64[row] = dictionary.Int64[entry];
        }
    }

    private static void Plain(ColumnValues values, int first, int count, bool[]? defined, byte[] body, int at, int end, bool int64)
    {
        for (var i = 0; i < count; i++)
        {
            var row = first + i;
            if (defined is not null && !defined[i])
            {
                values.Nulls[row] = true;
            }
            else if (int64)
            {
                if (at + 8 > end)
                {
                    throw new InvalidDataException("Parquet INT64 value runs past its page.");
                }

                values.Int64[row] = BinaryPrimitives.ReadInt64LittleEndian(body.AsSpan(at));
                at += 8;
            }
            else
            {
                at = values.SetBytes(row, body, at, end);
            }
        }
    }

    /// <summary>
    /// Reads values of the RLE/bit-packed hybrid encoding until <paramref name="output"/> is full: RLE runs (varint
    /// header with low bit 0, then the value in whole bytes) and bit-packed runs (low bit 1: groups of eight values of
    /// <paramref name="bitWidth"/> bits, least significant bit first; the last group's padding is dropped).
    /// </summary>
    private static void Hybrid(byte[] body, int at, int end, int bitWidth, Span<int> output)
    {
        var bytes = (bitWidth + 7) / 8;
        var done = 0;
        while (done < output.Length)
        {
            uint header = 0;
            for (var shift = 0; ; shift += 7)
            {
                if (at >= end || shift > 28)
                {
                    throw new InvalidDataException("Bronze RLE run runs past its page.");
                }

                var b = body[at++];
                header |= (uint)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    break;
                }
            }

            if ((header & 1) != 0)
            {
                var groups = (int)(header >> 1);
                if (groups <= 0 || (long)groups * bitWidth > end - at)
                {
                    throw new InvalidDataException("Bit-packed run runs past its page.");
                }

                var count = Math.Min(8 * groups, output.Length - done);
                ulong bits = 0;
                var held = 0;
                var next = at;
                var mask = bitWidth == 32 ? uint.MaxValue : (1u << bitWidth) - 1;
                for (var i = 0; i < count; i++)
                {
                    while (held < bitWidth)
                    {
                        bits |= (ulong)body[next++] << held;
                        held += 8;
                    }

                    output[done + i] = (int)((uint)bits & mask);
                    bits >>= bitWidth;
                    held -= bitWidth;
                }

                at += groups * bitWidth;
                done += count;
                continue;
            }

            if (at + bytes > end)
            {
                throw new InvalidDataException("Bronze RLE run runs past its page.");
            }

            var value = 0;
            for (var b = 0; b < bytes; b++)
            {
                value |= body[at++] << (8 * b);
            }

            var length = (int)(header >> 1);
            if (length <= 0 || done + length > output.Length)
            {
                throw new InvalidDataException("Bronze RLE run is longer than its page.");
            }

            output.Slice(done, length).Fill(value);
            done += length;
        }
    }

    private static Page PageHeader(ThriftCompactReader thrift)
    {
        int type = -1, uncompressed = -1, compressed = -1, values = -1, encoding = -1;
        thrift.BeginStruct();
        while (thrift.NextField(out var id, out var fieldType))
        {
            switch (id)
            {
                case 1: type = thrift.ReadI32(); break;
                case 2: uncompressed = thrift.ReadI32(); break;
                case 3: compressed = thrift.ReadI32(); break;
                case 5 or 7:
                    thrift.BeginStruct();
                    while (thrift.NextField(out var inner, out var innerType))
                    {
                        switch (inner)
                        {
                            case 1: values = thrift.ReadI32(); break;
                            case 2: encoding = thrift.ReadI32(); break;
                            default: thrift.Skip(innerType); break;
                        }
                    }

                    break;
                default: thrift.Skip(fieldType); break;
            }
        }

        if (type < 0 || uncompressed < 0 || compressed < 0 || values < 0 || encoding < 0)
        {
            throw new InvalidDataException("Incomplete bronze page header.");
        }

        return new Page(type, uncompressed, compressed, values, encoding);
    }

    private void ReadFooter()
    {
        var length = RandomAccess.GetLength(_file);
        Span<byte> tail = stackalloc byte[8];
        if (length < 12 || RandomAccess.Read(_file, tail, length - 8) != 8 || !tail[4..].SequenceEqual("PAR1"u8))
        {
            throw new InvalidDataException("Not a Parquet file.");
        }

        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (footerLength <= 0 || footerLength > length - 12)
        {
            throw new InvalidDataException("Bad Parquet footer length.");
        }

        var footer = new byte[footerLength];
        RandomAccess.Read(_file, footer, length - 8 - footerLength);
        var thrift = new ThriftCompactReader(footer, 0, footer.Length);
        var names = new List<string>();
        string? createdBy = null;
        thrift.BeginStruct();
        while (thrift.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 2:
                    var (_, elements) = thrift.ReadListHeader();
                    for (var i = 0; i < elements; i++)
                    {
                        names.Add(SchemaName(thrift));
                    }

                    break;
                case 4:
                    var (_, groups) = thrift.ReadListHeader();
                    for (var i = 0; i < groups; i++)
                    {
                        _rowGroups.Add(RowGroup(thrift));
                    }

                    break;
                case 6: createdBy = thrift.ReadString(); break;
                default: thrift.Skip(type); break;
            }
        }

        if (createdBy != _createdBy || !names.Skip(1).SequenceEqual(_columns.Select(c => c.Name))
            || _rowGroups.Any(g => g.Columns.Length != _columns.Count))
        {
            throw new InvalidDataException("Not a file of Cartwheel's writer with the expected columns.");
        }
    }

    private static string SchemaName(ThriftCompactReader thrift)
    {
        var name = string.Empty;
        thrift.BeginStruct();
        while (thrift.NextField(out var id, out var type))
        {
            if (id == 4)
            {
                name = thrift.ReadString();
            }
            else
            {
                thrift.Skip(type);
            }
        }

        return name;
    }

    private static (long Rows, ChunkMeta[] Columns) RowGroup(ThriftCompactReader thrift)
    {
        var columns = new List<ChunkMeta>();
        long rows = -1;
        thrift.BeginStruct();
        while (thrift.NextField(out var id, out var type))
        {
            if (id == 1)
            {
                var (_, count) = thrift.ReadListHeader();
                for (var i = 0; i < count; i++)
                {
                    columns.Add(ColumnChunk(thrift));
                }
            }
            else if (id == 3)
            {
                rows = thrift.ReadI64();
            }
            else
            {
                thrift.Skip(type);
            }
        }

        return (rows, [.. columns]);
    }

    private static ChunkMeta ColumnChunk(ThriftCompactReader thrift)
    {
        var meta = new ChunkMeta(-1, -1, -1, -1, null);
        thrift.BeginStruct();
        while (thrift.NextField(out var id, out var type))
        {
            if (id != 3)
            {
                thrift.Skip(type);
                continue;
            }

            thrift.BeginStruct();
            while (thrift.NextField(out var field, out var fieldType))
            {
                meta = field switch
                {
                    4 => meta with { Codec = thrift.ReadI32() },
                    5 => meta with { Values = thrift.ReadI64() },
                    7 => meta with { CompressedSize = thrift.ReadI64() },
                    9 => meta with { DataOffset = thrift.ReadI64() },
                    11 => meta with { DictionaryOffset = thrift.ReadI64() },
                    _ => Skipped(thrift, fieldType, meta),
                };
            }
        }

        return meta;
    }

    private static ChunkMeta Skipped(ThriftCompactReader thrift, byte type, ChunkMeta meta)
    {
        thrift.Skip(type);
        return meta;
    }

    private readonly record struct Page(int Type, int Uncompressed, int Compressed, int Values, int Encoding);

    private sealed record ChunkMeta(int Codec, long Values, long CompressedSize, long DataOffset, long? DictionaryOffset);
}
