using System.Diagnostics;
using DuckDB.NET.Data;

namespace Cartwheel.Bench;

/// <summary>
/// The limit to compare ingest against: DuckDB alone reading the JSONL file (<c>read_ndjson</c>) and
/// writing ZSTD Parquet partitioned by date, with no validation, envelope or catalog. Malformed lines (the
/// simulator corrupts ~0.1%) are skipped (<c>ignore_errors</c>), where ingest quarantines them.
/// </summary>
internal static class DuckDbBaseline
{
    // Explicit columns: auto-detection may sample a corrupt line and fall back to one opaque JSON column.
    private const string Columns =
        "{event_id: 'VARCHAR', session_id: 'VARCHAR', user_id: 'VARCHAR', anonymous_id: 'VARCHAR', event_type: 'VARCHAR', " +
        "product_id: 'VARCHAR', page_url: 'VARCHAR', referrer: 'VARCHAR', utm_source: 'VARCHAR', utm_medium: 'VARCHAR', " +
        "utm_campaign: 'VARCHAR', device: 'VARCHAR', os: 'VARCHAR', country: 'VARCHAR', state: 'VARCHAR', ip: 'VARCHAR', " +
        "event_time: 'VARCHAR', ingestion_time: 'VARCHAR', properties: 'JSON'}";

    public static (long Rows, TimeSpan Elapsed) Run(string jsonlPath, string outDir)
    {
        if (Directory.Exists(outDir))
        {
            Directory.Delete(outDir, recursive: true);
        }

        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        var stopwatch = Stopwatch.StartNew();
        command.CommandText = $"""
            COPY (
                SELECT *, CAST(TRY_CAST(event_time AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS DATE) AS dt
                FROM read_ndjson('{jsonlPath.Replace("'", "''", StringComparison.Ordinal)}', maximum_object_size = 16777216, ignore_errors = true, columns = {Columns})
            ) TO '{outDir.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (dt))
            """;
        var rows = command.ExecuteNonQuery();
        stopwatch.Stop();
        return (rows, stopwatch.Elapsed);
    }
}
