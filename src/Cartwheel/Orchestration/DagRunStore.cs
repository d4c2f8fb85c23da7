using Cartwheel.Catalog;
using Microsoft.Data.Sqlite;
using static Cartwheel.Catalog.CatalogStore;

namespace Cartwheel.Orchestration;

/// <summary>
/// Run history in the catalog: <c>dag_runs</c>, <c>task_instances</c>, <c>task_attempts</c> and <c>alerts</c>
/// (schema <c>sql/catalog/003_orchestration.sql</c>). Every call is one short SQLite transaction.
/// </summary>
public sealed partial class DagRunStore(CatalogStore catalog)
{
    private const string RunColumns = "run_id, dag_id, logical_date, run_type, status, queued_at, started_at, finished_at, error";

    /// <summary>Records a new run and its tasks as <c>queued</c>.</summary>
    public void CreateRun(DagRunRecord run, IEnumerable<string> taskIds)
    {
        using var connection = catalog.OpenConnection();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction,
            $"INSERT INTO dag_runs ({RunColumns}) VALUES ($id, $dag, $ld, $type, $s, $q, $st, $f, $e)",
            ("$id", run.RunId), ("$dag", run.DagId), ("$ld", Format(run.LogicalDate)), ("$type", StatusText.Of(run.RunType)),
            ("$s", StatusText.Of(run.Status)), ("$q", Format(run.QueuedAt)), ("$st", FormatOrNull(run.StartedAt)),
            ("$f", FormatOrNull(run.FinishedAt)), ("$e", run.Error));
        foreach (var taskId in taskIds)
        {
            Execute(connection, transaction, "INSERT INTO task_instances (run_id, task_id, status) VALUES ($id, $t, 'queued')",
                ("$id", run.RunId), ("$t", taskId));
        }

        transaction.Commit();
    }

    /// <summary>Stores the status, times and error of a run.</summary>
    public void UpdateRun(DagRunRecord run)
    {
        using var connection = catalog.OpenConnection();
        Execute(connection, null,
            "UPDATE dag_runs SET status = $s, started_at = $st, finished_at = $f, error = $e WHERE run_id = $id",
            ("$id", run.RunId), ("$s", StatusText.Of(run.Status)), ("$st", FormatOrNull(run.StartedAt)),
            ("$f", FormatOrNull(run.FinishedAt)), ("$e", run.Error));
    }

    public DagRunRecord? FindRun(string runId)
    {
        using var connection = catalog.OpenConnection();
        return Query(connection, $"SELECT {RunColumns} FROM dag_runs WHERE run_id = $id", ReadRun, ("$id", runId)).FirstOrDefault();
    }

    public DagRunRecord GetRun(string runId) => FindRun(runId)
        ?? throw new CartwheelException(ErrorCodes.DagRunNotFound, $"No DAG run '{runId}'.");

    /// <summary>Runs, newest logical date first, optionally of one DAG.</summary>
    public IReadOnlyList<DagRunRecord> ListRuns(string? dagId = null, int limit = 100)
    {
        using var connection = catalog.OpenConnection();
        return Query(connection,
            $"SELECT {RunColumns} FROM dag_runs WHERE ($dag IS NULL OR dag_id = $dag) ORDER BY logical_date DESC, queued_at DESC LIMIT $n",
            ReadRun, ("$dag", dagId), ("$n", limit));
    }

    /// <summary>The latest logical date of a DAG's runs of one type, or null when it has none.</summary>
    public DateTimeOffset? LatestLogicalDate(string dagId, RunType runType)
    {
        using var connection = catalog.OpenConnection();
        return Query(connection, "SELECT MAX(logical_date) FROM dag_runs WHERE dag_id = $dag AND run_type = $t",
            r => r.IsDBNull(0) ? (DateTimeOffset?)null : ParseTime(r.GetString(0)),
            ("$dag", dagId), ("$t", StatusText.Of(runType))).Single();
    }

    private static DagRunRecord ReadRun(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), ParseTime(r.GetString(2)), StatusText.ParseRunType(r.GetString(3)),
        StatusText.ParseRun(r.GetString(4)), ParseTime(r.GetString(5)), TimeOrNull(r, 6), TimeOrNull(r, 7),
        r.IsDBNull(8) ? null : r.GetString(8));

    private static string? FormatOrNull(DateTimeOffset? value) => value is { } v ? Format(v) : null;

    private static DateTimeOffset? TimeOrNull(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : ParseTime(r.GetString(ordinal));

    private static string? TextOrNull(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static TimeSpan? MillisOrNull(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : TimeSpan.FromMilliseconds(r.GetInt64(ordinal));

    private static long? Millis(TimeSpan? value) => value is { } v ? (long)v.TotalMilliseconds : null;
}
