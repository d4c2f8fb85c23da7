using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Cartwheel.Catalog;
using WarehouseDb = Cartwheel.Warehouse.Warehouse;

namespace Cartwheel.Tests.Warehouse;

/// <summary>
/// A temporary data directory with a catalog and a warehouse, and a way to commit small bronze files
/// (the real ingest lives elsewhere): JSON lines or CSV rows become bronze Parquet via DuckDB COPY and a
/// catalog commit, exactly as data-model.md describes bronze.
/// </summary>
internal sealed class BronzeFixture : IDisposable
{
    private int _files;

    public BronzeFixture()
    {
        DataDirectory = new DataDirectory(Path.Combine(Path.GetTempPath(), "cw-wh-" + Guid.NewGuid().ToString("N")));
        Catalog = CatalogStore.Open(DataDirectory);
        Warehouse = WarehouseDb.Open(DataDirectory);
    }

    public DataDirectory DataDirectory { get; }

    public CatalogStore Catalog { get; }

    public WarehouseDb Warehouse { get; private set; }

    /// <summary>When every fixture record was ingested (implausible times are judged against it).</summary>
    public DateTimeOffset IngestionTime { get; set; } = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>When set, the source_file of every committed row (the stream writes <c>log:&lt;partition&gt;</c> for all its batches).</summary>
    public string? SourceFile { get; set; }

    /// <summary>When set, events are committed through Cartwheel's bronze writer (as ingest writes them) instead of a DuckDB COPY.</summary>
    public bool OwnWriter { get; set; }

    public Cartwheel.Warehouse.PipelineRunner Runner() => new(DataDirectory, Catalog, Warehouse);

    /// <summary>Commits JSON lines (payload verbatim) as one bronze file of a kind and date.</summary>
    public void Json(string kind, DateOnly date, params string[] lines) =>
        Commit(kind, date, lines.Select(l => (l, (string?)null)).ToList());

    /// <summary>Commits CSV rows (a header line, then rows without quoted commas) as one bronze file.</summary>
    public void Csv(string kind, DateOnly date, string header, params string[] rows)
    {
        var names = header.Split(',');
        Commit(kind, date, rows.Select(row =>
        {
            var values = row.Split(',');
            var payload = JsonSerializer.Serialize(names.Select((n, i) => (n, v: i < values.Length ? values[i] : string.Empty))
                .ToDictionary(p => p.n, p => p.v));
            return (payload, (string?)row);
        }).ToList());
    }

    /// <summary>Closes and reopens the warehouse (as a new process would).</summary>
    public void Reopen()
    {
        Warehouse.Dispose();
        Warehouse = WarehouseDb.Open(DataDirectory);
    }

    private void Commit(string kind, DateOnly date, List<(string Payload, string? Raw)> records)
    {
        var n = ++_files;
        var batch = $"fixture-{n:D4}";
        if (OwnWriter && kind == "events")
        {
            CommitOwn(date, batch, SourceFile ?? $"/input/{kind}-{n}.jsonl", records);
            return;
        }

        var folder = DataDirectory.PartitionPath("bronze", kind, date);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, batch + ".parquet");
        var source = SourceFile ?? $"/input/{kind}-{n}.jsonl";
        var ingested = IngestionTime.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var rows = records.Select((r, i) => string.Create(CultureInfo.InvariantCulture,
            $"(NULL, TIMESTAMPTZ '{date:yyyy-MM-dd} 00:00:00+00', {WarehouseDb.Literal(r.Payload)}, {(r.Raw is null ? "NULL" : WarehouseDb.Literal(r.Raw))}, " +
            $"{WarehouseDb.Literal(source)}, {i + 1}, TIMESTAMPTZ '{ingested}+00', 'hash{n}', '{batch}')"));
        Warehouse.Execute(
            $"""
            COPY (SELECT CAST(record_id AS VARCHAR) AS record_id, event_time, payload, CAST(raw AS VARCHAR) AS raw, source_file,
                CAST(line_number AS BIGINT) AS line_number, ingestion_time, file_hash, batch_id
                FROM (VALUES {string.Join(", ", rows)}) AS t(record_id, event_time, payload, raw, source_file, line_number, ingestion_time, file_hash, batch_id))
            TO {WarehouseDb.Literal(path)} (FORMAT PARQUET, COMPRESSION ZSTD)
            """);
        var dt = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Catalog.CommitBronzeBatch(
            [new BronzeFile(DataDirectory.Relative(path), kind, date, batch, null, records.Count, new FileInfo(path).Length,
                Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), IngestionTime)],
            [new BatchAccounting(batch, "ingest", kind, dt, source, null, records.Count, records.Count, 0, 0)], []);
    }

    private void CommitOwn(DateOnly date, string batch, string source, List<(string Payload, string? Raw)> records)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(batch)));
        List<BronzeFile> files;
        using (var writer = new Cartwheel.Lake.BronzeBatchWriter(DataDirectory, "events", batch, source, hash, IngestionTime))
        {
            var time = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            writer.Write(records.Select((r, i) => new Cartwheel.Lake.BronzeRow(null, time, r.Payload, r.Raw, i + 1, source)));
            files = [.. writer.Publish(hash, TestContext.Current.CancellationToken)];
        }

        Catalog.CommitBronzeBatch(files, [new BatchAccounting(batch, "ingest", "events", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            source, null, records.Count, records.Count, 0, 0)], []);
    }

    public void Dispose()
    {
        Warehouse.Dispose();
        CatalogStore.ReleaseConnections(DataDirectory);
        if (Directory.Exists(DataDirectory.Root))
        {
            Directory.Delete(DataDirectory.Root, recursive: true);
        }
    }
}
