using System.Text;
using Cartwheel.Lake;
using Cartwheel.Lake.Parquet;
using DuckDB.NET.Data;

namespace Cartwheel.Tests.Lake;

/// <summary>
/// <see cref="BronzeFileReader"/> against DuckDB reading the same files: every column of every row of files written by
/// <see cref="BronzeBatchWriter"/> (several row groups and pages, nulls, per-row source files), and refusal of a
/// file DuckDB wrote.
/// </summary>
public sealed class BronzeFileReaderTests : IDisposable
{
    private static readonly DateTimeOffset IngestedAt = new DateTimeOffset(2024, 3, 5, 6, 7, 8, TimeSpan.Zero).AddTicks(10);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cw-bronze-reader-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void ReadColumn_FilesOfOurWriter_EqualDuckDbsReading()
    {
        var data = new DataDirectory(Path.Combine(_root, "data"));
        data.EnsureCreated();
        var start = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var rows = Enumerable.Range(0, 140_000).Select(i => new BronzeRow(
            i % 9 == 0 ? null : $"e{i}", start.AddSeconds(i * 0.9), $$"""{"event_id":"e{{i}}","pad":"{{new string('x', i % 700)}}","u":"Zoë ☃ {{i}}"}""",
            i % 4 == 0 ? $"raw,{i}" : null, i + 1, i % 13 == 0 ? $"log:{i % 3}" : null)).ToList();
        List<Cartwheel.Catalog.BronzeFile> files;
        using (var writer = new BronzeBatchWriter(data, "events", "ingest-reader", "/in/events.jsonl", new string('b', 64), IngestedAt))
        {
            writer.Write(rows);
            files = [.. writer.Publish(new string('b', 64), TestContext.Current.CancellationToken)];
        }

        files.Count.ShouldBe(2);
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        using var zstd = new ZstdDecompressor();
        foreach (var file in files)
        {
            var path = data.Absolute(file.Path);
            using var reader = BronzeFileReader.Open(path, zstd);
            reader.RowGroupCount.ShouldBeGreaterThan(file.RowCount > 64 * 1024 ? 1 : 0);
            Decoded(reader).ShouldBe(Expected(duck, path));
        }
    }

    [Fact]
    public void Open_FileWrittenByDuckDb_IsRefused()
    {
        Directory.CreateDirectory(_root);
        var path = Path.Combine(_root, "duck.parquet");
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        using (var command = duck.CreateCommand())
        {
            command.CommandText = $"COPY (SELECT 'r' AS record_id, now() AS event_time, '{{}}' AS payload, NULL::VARCHAR AS raw, 'f' AS source_file, 1::BIGINT AS line_number, " +
                $"now() AS ingestion_time, 'h' AS file_hash, 'b' AS batch_id) TO '{path}' (FORMAT PARQUET, COMPRESSION ZSTD)";
            command.ExecuteNonQuery();
        }

        using var zstd = new ZstdDecompressor();
        Should.Throw<InvalidDataException>(() => BronzeFileReader.Open(path, zstd));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>Every row as text: record id, event time, payload, raw, source file, line, ingestion time, file hash, batch id.</summary>
    private static List<string> Decoded(BronzeFileReader reader)
    {
        var result = new List<string>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var columns = Enumerable.Range(0, BronzeParquetColumns.All.Count).Select(c => reader.ReadColumn(g, c)).ToList();
            for (var r = 0; r < reader.RowGroupRows(g); r++)
            {
                result.Add(string.Join("|", columns.Select((v, c) => v.Nulls[r] ? "NULL"
                    : BronzeParquetColumns.All[c].Type == ParquetColumnType.String ? Encoding.UTF8.GetString(v.Bytes(r)) : v.Int64[r].ToString(System.Globalization.CultureInfo.InvariantCulture))));
            }

            reader.Release();
        }

        return result;
    }

    private static List<string> Expected(DuckDBConnection duck, string path)
    {
        using var command = duck.CreateCommand();
        command.CommandText =
            $"""
            SELECT concat_ws('|', coalesce(record_id, 'NULL'), epoch_us(event_time), payload, coalesce(raw, 'NULL'), source_file, line_number,
                epoch_us(ingestion_time), file_hash, batch_id)
            FROM read_parquet('{path}', file_row_number = true) ORDER BY file_row_number
            """;
        using var reader = command.ExecuteReader();
        var result = new List<string>();
        while (reader.Read())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }
}
