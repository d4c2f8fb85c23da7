using System.Diagnostics;
using DuckDB.NET.Data;

namespace Cartwheel.Bench;

/// <summary>
/// The limit to compare ingest against: DuckDB alone reading the JSONL file (<c>read_ndjson</c>) and
/// writing ZSTD Parquet partitioned by date, with no validation, envelope or catalog.
/// </summary>
internal static class DuckDbBaseline
{
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
                SELECT *, CAST(CAST(event_time AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS DATE) AS dt
                FROM read_ndjson('{jsonlPath.Replace("'", "''", StringComparison.Ordinal)}', maximum_object_size = 16777216)
            ) TO '{outDir.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (dt))
            """;
        var rows = command.ExecuteNonQuery();
        stopwatch.Stop();
        return (rows, stopwatch.Elapsed);
    }
}
