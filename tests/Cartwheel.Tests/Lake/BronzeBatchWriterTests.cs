using System.Globalization;
using Cartwheel.Lake;
using DuckDB.NET.Data;

namespace Cartwheel.Tests.Lake;

/// <summary>
/// The project's bronze Parquet writer against DuckDB's own: the same rows written by both must read back as the same
/// relation (types, values, nulls, partitions), and the footer must carry what DuckDB needs to prune by event_time.
/// </summary>
public sealed class BronzeBatchWriterTests : IDisposable
{
    private const string SourceFile = "/in/events.jsonl";
    private const string Hash = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static readonly DateTimeOffset IngestedAt = new DateTimeOffset(2024, 3, 5, 6, 7, 8, TimeSpan.Zero).AddTicks(1234560);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "cw-bronze-writer-" + Guid.NewGuid().ToString("N"));
    private readonly DataDirectory _data;

    public BronzeBatchWriterTests()
    {
        _data = new DataDirectory(Path.Combine(_root, "data"));
        _data.EnsureCreated();
    }

    [Fact]
    public void Publish_VariedRowsOverSeveralRowGroupsAndPages_ReadsBackEqualToDuckDbsOwnParquet()
    {
        var rows = VariedRows(150_000);

        var files = WriteOurs(rows, Hash);
        var reference = WriteReference(rows, Hash);

        files.Select(f => f.RowCount).Sum().ShouldBe(rows.Count);
        files.Select(f => f.Date).ShouldBe([new DateOnly(1969, 12, 31), new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 2)]);
        using var duck = Duck();
        var ours = ReadParquet(files.Select(f => _data.Absolute(f.Path)));
        Scalar(duck, $"SELECT count(*) FROM (DESCRIBE SELECT * FROM {ours}) a FULL JOIN (DESCRIBE SELECT * FROM {reference}) b USING (column_name, column_type) WHERE a.column_name IS NULL OR b.column_name IS NULL").ShouldBe(0L);
        Scalar(duck, $"SELECT count(*) FROM (SELECT * FROM {ours} EXCEPT ALL SELECT * FROM {reference})").ShouldBe(0L);
        Scalar(duck, $"SELECT count(*) FROM (SELECT * FROM {reference} EXCEPT ALL SELECT * FROM {ours})").ShouldBe(0L);
        Scalar(duck, $"SELECT count(*) FROM {ours}").ShouldBe((long)rows.Count);
        // Checksums of the sorted contents, independent of how each writer laid out pages and row groups.
        Checksum(duck, ours).ShouldBe(Checksum(duck, reference));
    }

    [Fact]
    public void Publish_EventTimeStatistics_InTheFooterOfEveryRowGroup()
    {
        var rows = Enumerable.Range(0, 70_000)
            .Select(i => new BronzeRow($"e{i}", new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i), $$"""{"n":{{i}}}""", null, i + 1))
            .ToList();

        var file = _data.Absolute(WriteOurs(rows, Hash).ShouldHaveSingleItem().Path);

        using var duck = Duck();
        var stats = new List<(string Min, string Max, long Nulls)>();
        using (var command = duck.CreateCommand())
        {
            command.CommandText = $"SELECT stats_min, stats_max, stats_null_count FROM parquet_metadata('{file}') WHERE path_in_schema = 'event_time' ORDER BY row_group_id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                stats.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
            }
        }

        stats.ShouldBe([
            ("2024-03-01 00:00:00+00", "2024-03-01 18:12:15+00", 0L),
            ("2024-03-01 18:12:16+00", "2024-03-01 19:26:39+00", 0L),
        ]);
    }

    [Fact]
    public void Publish_HashGivenOnlyAtTheEnd_PatchedIntoEveryRowGroup()
    {
        var rows = Enumerable.Range(0, 140_000)
            .Select(i => new BronzeRow(null, new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i % 86_400), "{}", null, i + 1))
            .ToList();

        var files = WriteOurs(rows, fileHash: null, publishedHash: Hash);

        using var duck = Duck();
        var ours = ReadParquet(files.Select(f => _data.Absolute(f.Path)));
        Scalar(duck, $"SELECT count(*) FROM {ours} WHERE file_hash = '{Hash}'").ShouldBe(140_000L);
        Scalar(duck, $"SELECT count(DISTINCT file_hash) FROM {ours}").ShouldBe(1L);
        files.ShouldAllBe(f => f.FileHash == Hash);
    }

    [Fact]
    public void Abort_AfterRows_LeavesNoFile()
    {
        var writer = new BronzeBatchWriter(_data, "events", "ingest-abort", SourceFile, Hash, IngestedAt);
        writer.Write([new BronzeRow("e1", new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc), "{}", null, 1)]);

        writer.Abort();
        writer.Dispose();

        Directory.EnumerateFiles(_data.Root, "*.parquet", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Nulls, empty and non-ASCII strings, a payload larger than a page, a CSV raw line, per-row source files, pre-1970 and sub-µs times.</summary>
    private static List<BronzeRow> VariedRows(int count)
    {
        var start = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var big = new string('x', 3 * 1024 * 1024);
        return Enumerable.Range(0, count).Select(i => i switch
        {
            0 => new BronzeRow(null, new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_995), "{}", null, 1),
            1 => new BronzeRow(string.Empty, start, string.Empty, string.Empty, 2),
            2 => new BronzeRow("ü€😀", start.AddTicks(7), """{"name":"Zoë ☃"}""", "Zoë,☃", 3, "log:3"),
            3 => new BronzeRow("big", start.AddHours(1), $$"""{"pad":"{{big}}"}""", null, 4),
            _ => new BronzeRow(i % 7 == 0 ? null : $"e{i}", start.AddMilliseconds(i * 997L), $$"""{"event_id":"e{{i}}","n":{{i}},"pad":"{{new string('p', i % 1500)}}"}""",
                i % 5 == 0 ? $"e{i},{i}" : null, i + 1, i % 11 == 0 ? $"log:{i % 3}" : null),
        }).ToList();
    }

    private List<Cartwheel.Catalog.BronzeFile> WriteOurs(List<BronzeRow> rows, string? fileHash, string? publishedHash = null)
    {
        using var writer = new BronzeBatchWriter(_data, "events", "ingest-test", SourceFile, fileHash, IngestedAt);
        writer.Write(rows);
        return [.. writer.Publish(publishedHash ?? fileHash!, TestContext.Current.CancellationToken)];
    }

    /// <summary>The same rows written by DuckDB (Appender into a table with the bronze columns, then a partitioned COPY), as the writer did before.</summary>
    private string WriteReference(List<BronzeRow> rows, string fileHash)
    {
        var folder = Path.Combine(_root, "reference");
        using var duck = Duck();
        Execute(duck, $"CREATE TABLE t (record_id VARCHAR, event_time TIMESTAMP, payload VARCHAR, raw VARCHAR, line_number BIGINT, source_file VARCHAR)");
        using (var appender = duck.CreateAppender("t"))
        {
            foreach (var row in rows)
            {
                appender.CreateRow().AppendValue(row.RecordId).AppendValue(row.EventTimeUtc).AppendValue(row.Payload).AppendValue(row.Raw)
                    .AppendValue(row.LineNumber).AppendValue(row.SourceFile).EndRow();
            }
        }

        var time = IngestedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        Execute(duck,
            $"COPY (SELECT record_id, event_time::TIMESTAMPTZ AS event_time, payload, raw, COALESCE(source_file, '{SourceFile}') AS source_file, line_number, " +
            $"TIMESTAMPTZ '{time}+00' AS ingestion_time, '{fileHash}' AS file_hash, 'ingest-test' AS batch_id, CAST(event_time AS DATE) AS dt FROM t) " +
            $"TO '{folder}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (dt))");
        return $"read_parquet('{folder}/*/*.parquet', hive_partitioning = true, hive_types = {{'dt': DATE}})";
    }

    private static string ReadParquet(IEnumerable<string> files) =>
        $"read_parquet([{string.Join(", ", files.Select(f => $"'{f}'"))}], hive_partitioning = true, hive_types = {{'dt': DATE}})";

    private static string Checksum(DuckDBConnection duck, string relation)
    {
        using var command = duck.CreateCommand();
        command.CommandText = $"SELECT md5(string_agg(md5(r::VARCHAR), '' ORDER BY line_number, r::VARCHAR)) FROM (SELECT * FROM {relation}) r";
        return (string)command.ExecuteScalar()!;
    }

    private static DuckDBConnection Duck()
    {
        var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        Execute(duck, "SET TimeZone = 'UTC'");
        return duck;
    }

    private static void Execute(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
