using System.Text;
using Cartwheel.Lake.Parquet;

namespace Cartwheel.Lake;

/// <summary>
/// Writes the accepted records of one ingest batch as bronze Parquet, one file per date partition, with the
/// project's own writer for the fixed bronze schema (<see cref="BronzeParquetColumns"/>): the caller's thread
/// copies each record's bytes straight into PLAIN pages, and a second thread compresses full pages (ZSTD) and
/// writes row groups, so parsing and compression use both cores. Files go to
/// <c>lake/_staging/ingest/&lt;batch&gt;/dt=…/</c>; <see cref="Publish"/> finishes, fsyncs and renames them into
/// <c>lake/bronze/&lt;kind&gt;/dt=…/</c>, and the caller then commits them to the catalog. The file hash may be
/// unknown until the input is read to its end (it is hashed while it is parsed): the files then carry a
/// placeholder that <see cref="Publish"/> patches in place. <see cref="Append"/> is called by one thread.
/// </summary>
internal sealed partial class BronzeBatchWriter : IDisposable
{
    /// <summary>The length of a SHA-256 in hex: the placeholder's length when the file hash comes later.</summary>
    public const int PendingHashLength = 64;

    /// <summary>Pages queued for the compression thread: bounds memory (~1 MiB each) and lets parsing run ahead a little.</summary>
    private const int QueuedJobs = 16;

    /// <summary>ZSTD level of the pages: 1 is ~2× faster than DuckDB's default 3 and compresses these files nearly as well (docs/benchmarks.md).</summary>
    private const int CompressionLevel = 1;

    private const long MicrosPerDay = 86_400_000_000;
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    private readonly DataDirectory _dataDirectory;
    private readonly string _kind;
    private readonly string _batchId;
    private readonly string _stagingPath;
    private readonly bool _flatStaging;
    private readonly bool _hashPending;
    private readonly BronzeConstants _constants;
    private readonly Dictionary<long, BronzePartition> _partitions = [];
    private readonly List<string> _published = [];
    private readonly FileThread<BronzeJob> _fileThread = new("bronze-parquet", QueuedJobs, Run);
    private readonly ZstdCompressor _compressor = new(CompressionLevel);
    private bool _disposed;
    private long _lastDay = long.MinValue;
    private BronzePartition? _last;

    /// <param name="fileHash">The input's hash; null when it is computed while reading (then given to <see cref="Publish"/>).</param>
    /// <param name="stagingRoot">
    /// A shared staging folder in which this batch's files lie flat, as <c>&lt;batch&gt;-&lt;date&gt;.parquet</c> (the stream:
    /// its micro-batches would otherwise make and remove two folders per kind several times a second); null stages
    /// under <c>lake/_staging/ingest/&lt;batch&gt;/dt=…/</c>. Recovery removes whatever a staging folder holds either way.
    /// </param>
    public BronzeBatchWriter(DataDirectory dataDirectory, string kind, string batchId, string sourceFile, string? fileHash, DateTimeOffset ingestionTime,
        string? stagingRoot = null)
    {
        _dataDirectory = dataDirectory;
        _kind = kind;
        _batchId = batchId;
        _flatStaging = stagingRoot is not null;
        _stagingPath = stagingRoot ?? Path.Combine(dataDirectory.IngestStaging, batchId);
        Directory.CreateDirectory(_stagingPath);
        _hashPending = fileHash is null;
        _constants = new BronzeConstants(sourceFile, ToMicros(ingestionTime.UtcDateTime), fileHash ?? new string('0', PendingHashLength), batchId);
    }

    /// <summary>Microseconds since 1970-01-01 UTC (floor), the unit of bronze timestamps.</summary>
    public static long ToMicros(DateTime utc)
    {
        var ticks = utc.Ticks - UnixEpochTicks;
        return ticks >= 0 ? ticks / 10 : -((-ticks + 9) / 10);
    }

    /// <summary>
    /// Adds one record to its date partition's file. <paramref name="recordId"/> and <paramref name="raw"/> are
    /// null when their flag is false; <paramref name="sourceFile"/> overrides the batch's source file for this row.
    /// </summary>
    public void Append(long eventTimeMicros, long lineNumber, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> recordId, bool hasRecordId,
        ReadOnlySpan<byte> raw = default, bool hasRaw = false, string? sourceFile = null)
    {
        var day = eventTimeMicros >= 0 ? eventTimeMicros / MicrosPerDay : -((-eventTimeMicros + MicrosPerDay - 1) / MicrosPerDay);
        if (day != _lastDay)
        {
            _last = Partition(day);
            _lastDay = day;
        }

        _last!.Append(eventTimeMicros, lineNumber, payload, recordId, hasRecordId, raw, hasRaw, sourceFile);
    }

    /// <summary>Adds rows given as strings (the stream processor's micro-batches).</summary>
    public void Write(IEnumerable<BronzeRow> rows)
    {
        foreach (var row in rows)
        {
            Append(ToMicros(row.EventTimeUtc), row.LineNumber, Encoding.UTF8.GetBytes(row.Payload),
                row.RecordId is null ? default : Encoding.UTF8.GetBytes(row.RecordId), row.RecordId is not null,
                row.Raw is null ? default : Encoding.UTF8.GetBytes(row.Raw), row.Raw is not null, row.SourceFile);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _fileThread.Dispose();
        _compressor.Dispose();
        foreach (var partition in _partitions.Values)
        {
            partition.File.Dispose();
        }

    }

    private BronzePartition Partition(long day)
    {
        if (!_partitions.TryGetValue(day, out var partition))
        {
            var date = DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + (int)day);
            var path = _flatStaging
                ? Path.Combine(_stagingPath, $"{_batchId}-{date:yyyy-MM-dd}.parquet")
                : Path.Combine(_stagingPath, $"dt={date:yyyy-MM-dd}", "part.parquet");
            var file = new ParquetFileWriter(path, BronzeParquetColumns.All, _compressor, _hashPending ? BronzeParquetColumns.FileHash : -1);
            partition = new BronzePartition(file, _constants, _fileThread.Post);
            _partitions[day] = partition;
        }

        return partition;
    }

    private static void Run(BronzeJob job)
    {
        if (job.End is null)
        {
            job.File.AddPage(job.Column, job.Page);
            return;
        }

        var columns = new[] { BronzeParquetColumns.SourceFile, BronzeParquetColumns.IngestionTime, BronzeParquetColumns.FileHash, BronzeParquetColumns.BatchId };
        for (var i = 0; i < columns.Length; i++)
        {
            var (dictionary, entries, data) = job.End.DictionaryChunks[i];
            job.File.SetDictionaryChunk(columns[i], dictionary, entries, data, job.End.Rows);
        }

        job.File.EndRowGroup(job.End.Rows, job.End.Stats);
    }
}
