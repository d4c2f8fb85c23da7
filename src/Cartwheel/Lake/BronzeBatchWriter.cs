using System.Globalization;

namespace Cartwheel.Lake;

/// <summary>
/// Writes the accepted records of one ingest batch as bronze Parquet through <see cref="Streams"/> independent
/// <see cref="BronzeCopyStream"/>s (each a private in-memory DuckDB: no warehouse lock), so that Parquet
/// encoding — the most expensive step — runs on several cores. Stream <c>k</c> writes to
/// <c>lake/_staging/ingest/&lt;batch&gt;/stream-k/dt=…/</c>. <see cref="Publish"/> fsyncs and renames the files into
/// <c>lake/bronze/&lt;kind&gt;/dt=…/</c>; the caller then commits them to the catalog. Each stream is used by one
/// thread at a time.
/// </summary>
internal sealed partial class BronzeBatchWriter : IDisposable
{
    private readonly DataDirectory _dataDirectory;
    private readonly string _kind;
    private readonly string _batchId;
    private readonly string _stagingPath;
    private readonly BronzeCopyStream[] _streams;
    private readonly List<string> _published = [];

    public BronzeBatchWriter(DataDirectory dataDirectory, string kind, string batchId, string sourceFile, string fileHash, DateTimeOffset ingestionTime, int streams,
        string? stagingRoot = null)
    {
        _dataDirectory = dataDirectory;
        _kind = kind;
        _batchId = batchId;
        _stagingPath = Path.Combine(stagingRoot ?? dataDirectory.IngestStaging, batchId);
        Directory.CreateDirectory(_stagingPath);
        var time = ingestionTime.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        var constants = $"COALESCE(source_file, {Literal(sourceFile)}) AS source_file, line_number, TIMESTAMPTZ '{time}+00' AS ingestion_time, " +
                        $"{Literal(fileHash)} AS file_hash, {Literal(batchId)} AS batch_id";
        _streams = new BronzeCopyStream[streams];
        for (var i = 0; i < streams; i++)
        {
            _streams[i] = new BronzeCopyStream(Path.Combine(_stagingPath, $"stream-{i}"), constants);
        }
    }

    /// <summary>How many row streams can be written at the same time, each on its own thread.</summary>
    public int Streams => _streams.Length;

    /// <summary>Writes one stream's rows (see <see cref="BronzeCopyStream.Copy"/>); blocks until they are all written.</summary>
    public void Write(int stream, IEnumerable<BronzeRow> rows) => _streams[stream].Copy(rows);

    public void Dispose()
    {
        foreach (var stream in _streams)
        {
            stream.Dispose();
        }
    }

    private static string Literal(string value) => Warehouse.Warehouse.Literal(value);
}
