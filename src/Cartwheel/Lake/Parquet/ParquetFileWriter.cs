using System.Buffers;
using System.Buffers.Binary;

namespace Cartwheel.Lake.Parquet;

/// <summary>
/// The file side of one bronze Parquet file: compresses the pages it is given (ZSTD), keeps each column's chunk of
/// the current row group in memory, writes the chunks in schema order when the row group ends, and the footer at
/// the end. Used by one thread. A constant string column's dictionary value can be left as a placeholder of the
/// final length and patched in place before the footer (<see cref="Finish"/>), which is how the file hash — known
/// only once the whole input has been read — gets into files written while reading.
/// </summary>
internal sealed class ParquetFileWriter : IDisposable
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    private readonly IReadOnlyList<ParquetColumn> _columns;
    private readonly FileStream _file;
    private readonly ZstdCompressor _zstd;
    private readonly ThriftCompactWriter _thrift = new();
    private readonly ChunkBuffer[] _chunks;
    private readonly List<RowGroupInfo> _rowGroups = [];
    private readonly List<long> _patchOffsets = [];
    private readonly int _patchColumn;
    private readonly string _createdBy;
    private byte[] _compressed = [];

    /// <param name="createdBy">The footer's <c>created_by</c> (readers of our own files check it).</param>
    public ParquetFileWriter(string path, IReadOnlyList<ParquetColumn> columns, ZstdCompressor zstd, int patchColumn = -1,
        string createdBy = ParquetFormat.CreatedBy)
    {
        _columns = columns;
        _createdBy = createdBy;
        _zstd = zstd;
        _patchColumn = patchColumn;
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 14);
        _file.Write(Magic);
        _chunks = columns.Select(_ => new ChunkBuffer()).ToArray();
    }

    public string Path { get; }

    public long Rows { get; private set; }

    /// <summary>
    /// Compresses a data page (PLAIN values, or RLE_DICTIONARY indices after a <see cref="AddDictionaryPage"/>) into the
    /// current row group; returns the page's array to the pool.
    /// </summary>
    public void AddPage(int column, SealedPage page, bool dictionaryIndices = false)
    {
        try
        {
            var length = Compress(page.Body);
            ParquetFormat.DataPageHeader(_thrift, page.Length, length, page.Values, dictionaryIndices);
            var chunk = _chunks[column];
            chunk.DataPageAt ??= chunk.Length;
            chunk.Append(_thrift.Written);
            chunk.Append(_compressed.AsSpan(0, length));
            chunk.Uncompressed += _thrift.Length + page.Length;
            chunk.Values += page.Values;
            chunk.Nulls += page.Nulls;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(page.Buffer);
        }
    }

    /// <summary>
    /// Compresses the dictionary page (PLAIN entries, <see cref="SealedPage.Values"/> of them) that starts
    /// <paramref name="column"/>'s chunk in the current row group; returns the page's array to the pool.
    /// </summary>
    public void AddDictionaryPage(int column, SealedPage page)
    {
        try
        {
            var chunk = _chunks[column];
            if (chunk.Length != 0)
            {
                throw new InvalidOperationException($"Parquet column {_columns[column].Name}: a dictionary page must start its chunk.");
            }

            var length = Compress(page.Body);
            ParquetFormat.DictionaryPageHeader(_thrift, page.Length, length, page.Values);
            chunk.Append(_thrift.Written);
            chunk.Append(_compressed.AsSpan(0, length));
            chunk.Uncompressed += _thrift.Length + page.Length;
            chunk.DictionaryPage = true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(page.Buffer);
        }
    }

    /// <summary>Sets a dictionary column's chunk of the current row group (uncompressed dictionary page + data page).</summary>
    public void SetDictionaryChunk(int column, byte[] dictionary, int entries, byte[] data, int rows)
    {
        var chunk = _chunks[column];
        ParquetFormat.DictionaryPageHeader(_thrift, dictionary.Length, dictionary.Length, entries);
        chunk.Append(_thrift.Written);
        if (column == _patchColumn)
        {
            chunk.PatchAt = chunk.Length + 4;
        }

        chunk.Append(dictionary);
        chunk.DataPageAt = chunk.Length;
        ParquetFormat.DataPageHeader(_thrift, data.Length, data.Length, rows, dictionaryIndices: true);
        chunk.Append(_thrift.Written);
        chunk.Append(data);
        chunk.Uncompressed = chunk.Length;
        chunk.Values = rows;
        chunk.Dictionary = true;
    }

    /// <summary>Writes the current row group's chunks (all columns must have <paramref name="rows"/> values).</summary>
    public void EndRowGroup(long rows, IReadOnlyList<(long Min, long Max)?> stats)
    {
        var infos = new ColumnChunkInfo[_columns.Count];
        for (var i = 0; i < _chunks.Length; i++)
        {
            var chunk = _chunks[i];
            if (chunk.Values != rows)
            {
                throw new InvalidOperationException($"Parquet column {_columns[i].Name} has {chunk.Values} values in a row group of {rows} rows.");
            }

            var start = _file.Position;
            if (chunk.PatchAt is { } patch)
            {
                _patchOffsets.Add(start + patch);
            }

            _file.Write(chunk.Written);
            var stat = stats[i];
            infos[i] = new ColumnChunkInfo(start, start + chunk.DataPageAt!.Value, chunk.Dictionary || chunk.DictionaryPage ? start : null, chunk.Values, chunk.Nulls,
                chunk.Uncompressed, chunk.Length, !chunk.Dictionary, stat?.Min, stat?.Max);
            chunk.Clear();
        }

        _rowGroups.Add(new RowGroupInfo(rows, infos));
        Rows += rows;
    }

    /// <summary>Patches the placeholder (when one was used) with <paramref name="patch"/>, writes the footer and closes the file.</summary>
    public void Finish(byte[]? patch)
    {
        if (patch is not null)
        {
            var end = _file.Position;
            foreach (var offset in _patchOffsets)
            {
                _file.Position = offset;
                _file.Write(patch);
            }

            _file.Position = end;
        }

        ParquetFormat.FileMetaData(_thrift, _columns, _rowGroups, _createdBy);
        _file.Write(_thrift.Written);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, _thrift.Length);
        _file.Write(length);
        _file.Write(Magic);
        Dispose();
    }

    /// <summary>ZSTD of a page body into <see cref="_compressed"/>; its length.</summary>
    private int Compress(ReadOnlySpan<byte> body)
    {
        var bound = ZstdCompressor.Bound(body.Length);
        if (_compressed.Length < bound)
        {
            var bigger = Buffers.Rent(Math.Max(bound, 2 * _compressed.Length));
            Buffers.Return(_compressed);
            _compressed = bigger;
        }

        return _zstd.Compress(body, _compressed);
    }

    public void Dispose()
    {
        _file.Dispose();
        Buffers.Return(_compressed);
        _compressed = [];
        foreach (var chunk in _chunks)
        {
            chunk.Release();
        }
    }

    /// <summary>
    /// The arrays of column chunks and compressed pages, shared by all writers (decision 65): a stream batch writes a
    /// file of a few MB on a thread of its own, and fresh arrays per file were large-object churn. Arrays above 4 MB
    /// (big ingest row groups) are not kept; at most four per size are.
    /// </summary>
    private static readonly ArrayPool<byte> Buffers = ArrayPool<byte>.Create(4 << 20, 4);

    /// <summary>A column chunk of the current row group being assembled.</summary>
    private sealed class ChunkBuffer
    {
        private byte[] _bytes = [];

        public int Length { get; private set; }

        public int? DataPageAt { get; set; }

        public int? PatchAt { get; set; }

        public long Uncompressed { get; set; }

        public long Values { get; set; }

        public long Nulls { get; set; }

        /// <summary>An uncompressed dictionary chunk (<see cref="SetDictionaryChunk"/>).</summary>
        public bool Dictionary { get; set; }

        /// <summary>The chunk starts with a compressed dictionary page (<see cref="AddDictionaryPage"/>).</summary>
        public bool DictionaryPage { get; set; }

        public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, Length);

        public void Append(ReadOnlySpan<byte> data)
        {
            if (Length + data.Length > _bytes.Length)
            {
                var bigger = Buffers.Rent(Math.Max(Math.Max(2 * _bytes.Length, 4096), Length + data.Length));
                _bytes.AsSpan(0, Length).CopyTo(bigger);
                Buffers.Return(_bytes);
                _bytes = bigger;
            }

            data.CopyTo(_bytes.AsSpan(Length));
            Length += data.Length;
        }

        /// <summary>Gives the array back to the shared buffers; the chunk is unusable afterwards.</summary>
        public void Release()
        {
            Buffers.Return(_bytes);
            _bytes = [];
            Length = 0;
        }

        public void Clear()
        {
            Length = 0;
            DataPageAt = null;
            PatchAt = null;
            Uncompressed = 0;
            Values = 0;
            Nulls = 0;
            Dictionary = false;
            DictionaryPage = false;
        }
    }
}
