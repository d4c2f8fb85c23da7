using System.Globalization;
using DuckDB.NET.Data;

namespace Cartwheel.Lake;

/// <summary>
/// Writes the accepted records of one ingest batch as bronze Parquet. Rows go through a DuckDB Appender
/// into a table of a private in-memory database (never the warehouse file: ingest needs no warehouse lock),
/// which is copied in chunks to <c>lake/_staging/&lt;batch&gt;/</c> partitioned by <c>dt</c>.
/// <see cref="Publish"/> fsyncs and renames the files into <c>lake/bronze/&lt;kind&gt;/dt=…/</c>; the caller then
/// commits them to the catalog. DuckDB is synchronous; use from one thread.
/// </summary>
internal sealed partial class BronzeBatchWriter : IDisposable
{
    /// <summary>Payload bytes held in memory before a chunk is copied out to staging.</summary>
    private const long ChunkBytes = 256L * 1024 * 1024;

    private readonly DataDirectory _dataDirectory;
    private readonly string _kind;
    private readonly string _batchId;
    private readonly string _constants;
    private readonly string _stagingPath;
    private readonly DuckDBConnection _connection;
    private readonly List<string> _published = [];
    private DuckDBAppender? _appender;
    private long _chunkBytes;
    private long _chunkRows;
    private int _chunks;

    public BronzeBatchWriter(DataDirectory dataDirectory, string kind, string batchId, string sourceFile, string fileHash, DateTimeOffset ingestionTime)
    {
        _dataDirectory = dataDirectory;
        _kind = kind;
        _batchId = batchId;
        _stagingPath = Path.Combine(dataDirectory.Staging, batchId);
        Directory.CreateDirectory(_stagingPath);
        var time = ingestionTime.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        _constants = $"COALESCE(source_file, {Literal(sourceFile)}) AS source_file, line_number, TIMESTAMPTZ '{time}+00' AS ingestion_time, " +
                     $"{Literal(fileHash)} AS file_hash, {Literal(batchId)} AS batch_id";
        _connection = new DuckDBConnection("Data Source=:memory:");
        _connection.Open();
        Execute($"SET TimeZone = 'UTC'; SET preserve_insertion_order = true; SET temp_directory = {Literal(Path.Combine(_stagingPath, "spill"))};");
        Execute("CREATE TABLE rows (record_id VARCHAR, event_time TIMESTAMPTZ, payload VARCHAR, raw VARCHAR, line_number BIGINT, source_file VARCHAR, dt DATE)");
    }

    /// <summary>Rows appended so far.</summary>
    public long Rows { get; private set; }

    public void Append(ReadOnlySpan<BronzeRow> rows)
    {
        _appender ??= _connection.CreateAppender("rows");
        foreach (ref readonly var row in rows)
        {
            _appender.CreateRow()
                .AppendValue(row.RecordId)
                .AppendValue((DateTime?)row.EventTimeUtc)
                .AppendValue(row.Payload)
                .AppendValue(row.Raw)
                .AppendValue((long?)row.LineNumber)
                .AppendValue(row.SourceFile)
                .AppendValue((DateOnly?)DateOnly.FromDateTime(row.EventTimeUtc))
                .EndRow();
            _chunkBytes += row.Payload.Length + (row.Raw?.Length ?? 0);
        }

        _chunkRows += rows.Length;
        Rows += rows.Length;
        if (_chunkBytes >= ChunkBytes)
        {
            FlushChunk();
        }
    }

    public void Dispose()
    {
        _appender?.Dispose();
        _connection.Dispose();
    }

    private void FlushChunk()
    {
        _appender?.Close();
        _appender?.Dispose();
        _appender = null;
        if (_chunkRows == 0)
        {
            return;
        }

        var target = Path.Combine(_stagingPath, $"chunk-{_chunks++:D4}");
        Execute($"COPY (SELECT record_id, event_time, payload, raw, {_constants}, dt FROM rows) TO {Literal(target)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (dt))");
        Execute("DELETE FROM rows");
        _chunkBytes = 0;
        _chunkRows = 0;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Literal(string value) => Warehouse.Warehouse.Literal(value);
}
