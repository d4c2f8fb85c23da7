using System.Text.Json;
using Cartwheel.Quality;
using Microsoft.Data.Sqlite;

namespace Cartwheel.Catalog;

public sealed partial class CatalogStore
{
    /// <summary>Stores the results of a quality run in one transaction (a repeated run id replaces its rows).</summary>
    public void AddQualityResults(IReadOnlyList<QualityResult> results)
    {
        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction();
        foreach (var r in results)
        {
            Execute(connection, transaction,
                """
                INSERT OR REPLACE INTO dq_results (run_id, suite, table_name, expectation, type, severity, status, observed, failing_rows,
                    sample_keys, dt, started_at, duration_ms, message)
                VALUES ($run, $suite, $table, $exp, $type, $sev, $status, $obs, $fail, $sample, $dt, $start, $ms, $msg)
                """,
                ("$run", r.RunId), ("$suite", r.Suite), ("$table", r.Table), ("$exp", r.Expectation), ("$type", r.Type.Name()),
                ("$sev", r.Severity.Name()), ("$status", r.Status.Name()), ("$obs", r.Observed), ("$fail", r.FailingRows),
                ("$sample", JsonSerializer.Serialize(r.SampleKeys)), ("$dt", Format(r.Date)), ("$start", Format(r.StartedAt)),
                ("$ms", (long)r.Duration.TotalMilliseconds), ("$msg", r.Message));
        }

        transaction.Commit();
    }

    /// <summary>
    /// Quality results, optionally of one date and/or run; without a run, the latest result of each
    /// (suite, expectation, date). Sorted by date, suite, expectation.
    /// </summary>
    public IReadOnlyList<QualityResult> ListQualityResults(DateOnly? date = null, string? runId = null)
    {
        using var connection = OpenConnection();
        return Query(connection,
            """
            SELECT run_id, suite, table_name, expectation, type, severity, status, observed, failing_rows, sample_keys, dt, started_at, duration_ms, message
            FROM (SELECT *, row_number() OVER (PARTITION BY suite, expectation, dt ORDER BY started_at DESC, run_id DESC) AS latest FROM dq_results
                  WHERE ($dt IS NULL OR dt = $dt) AND ($run IS NULL OR run_id = $run))
            WHERE $run IS NOT NULL OR latest = 1
            ORDER BY dt, suite, expectation
            """,
            ReadResult, ("$dt", date is null ? null : Format(date.Value)), ("$run", runId));
    }

    private static QualityResult ReadResult(SqliteDataReader r)
    {
        QualityNames.TryParse<ExpectationType>(r.GetString(4), out var type);
        QualityNames.TryParse<Severity>(r.GetString(5), out var severity);
        QualityNames.TryParse<CheckStatus>(r.GetString(6), out var status);
        return new QualityResult(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), type, severity, status,
            r.IsDBNull(7) ? null : r.GetString(7), r.GetInt64(8), JsonSerializer.Deserialize<List<string>>(r.GetString(9)) ?? [],
            ParseDate(r.GetString(10)), ParseTime(r.GetString(11)), TimeSpan.FromMilliseconds(r.GetInt64(12)), r.IsDBNull(13) ? null : r.GetString(13));
    }
}
