using static Cartwheel.Catalog.CatalogStore;

namespace Cartwheel.Orchestration;

public sealed partial class DagRunStore
{
    /// <summary>The tasks of a run in the order they were recorded.</summary>
    public IReadOnlyList<TaskInstanceRecord> ListTaskInstances(string runId)
    {
        using var connection = catalog.OpenConnection();
        return Query(connection,
            "SELECT run_id, task_id, status, attempts, started_at, finished_at, duration_ms, error FROM task_instances WHERE run_id = $id ORDER BY rowid",
            r => new TaskInstanceRecord(r.GetString(0), r.GetString(1), StatusText.ParseTask(r.GetString(2)), r.GetInt32(3),
                TimeOrNull(r, 4), TimeOrNull(r, 5), MillisOrNull(r, 6), TextOrNull(r, 7)),
            ("$id", runId));
    }

    /// <summary>Sets a task's status; a terminal status also records when it finished and the error.</summary>
    public void SetTaskStatus(string runId, string taskId, TaskInstanceStatus status, DateTimeOffset at, string? error = null)
    {
        using var connection = catalog.OpenConnection();
        Execute(connection, null,
            """
            UPDATE task_instances SET status = $s,
                started_at = CASE WHEN $s = 'running' AND started_at IS NULL THEN $t ELSE started_at END,
                finished_at = CASE WHEN $terminal THEN $t ELSE NULL END,
                duration_ms = CASE WHEN $terminal AND started_at IS NOT NULL
                    THEN CAST(ROUND((julianday($t) - julianday(started_at)) * 86400000) AS INTEGER) ELSE NULL END,
                error = $e
            WHERE run_id = $id AND task_id = $task
            """,
            ("$id", runId), ("$task", taskId), ("$s", StatusText.Of(status)), ("$t", Format(at)),
            ("$terminal", status.IsTerminal()), ("$e", error));
    }

    /// <summary>Puts tasks back to <c>queued</c> for a retry of the run (their attempts are kept).</summary>
    public void ResetTasks(string runId, IEnumerable<string> taskIds)
    {
        using var connection = catalog.OpenConnection();
        using var transaction = connection.BeginTransaction();
        foreach (var taskId in taskIds)
        {
            Execute(connection, transaction,
                "UPDATE task_instances SET status = 'queued', started_at = NULL, finished_at = NULL, duration_ms = NULL, error = NULL WHERE run_id = $id AND task_id = $t",
                ("$id", runId), ("$t", taskId));
        }

        transaction.Commit();
    }

    /// <summary>Records the start of an attempt and counts it on the task instance.</summary>
    public void StartAttempt(string runId, string taskId, int attempt, DateTimeOffset at)
    {
        using var connection = catalog.OpenConnection();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction,
            "INSERT INTO task_attempts (run_id, task_id, attempt, started_at, status) VALUES ($id, $t, $a, $at, 'running')",
            ("$id", runId), ("$t", taskId), ("$a", attempt), ("$at", Format(at)));
        Execute(connection, transaction,
            "UPDATE task_instances SET attempts = $a, status = 'running', started_at = COALESCE(started_at, $at) WHERE run_id = $id AND task_id = $t",
            ("$id", runId), ("$t", taskId), ("$a", attempt), ("$at", Format(at)));
        transaction.Commit();
    }

    /// <summary>Records how an attempt ended; <paramref name="error"/> null means success.</summary>
    public void FinishAttempt(string runId, string taskId, int attempt, DateTimeOffset at, string? error, string? logExcerpt)
    {
        using var connection = catalog.OpenConnection();
        Execute(connection, null,
            """
            UPDATE task_attempts SET finished_at = $at, status = $s, error = $e, log_excerpt = $log,
                duration_ms = CAST(ROUND((julianday($at) - julianday(started_at)) * 86400000) AS INTEGER)
            WHERE run_id = $id AND task_id = $t AND attempt = $a
            """,
            ("$id", runId), ("$t", taskId), ("$a", attempt), ("$at", Format(at)), ("$s", error is null ? "success" : "failed"),
            ("$e", error), ("$log", logExcerpt));
    }

    /// <summary>Records the backoff delay scheduled after a failed attempt and marks the task <c>up_for_retry</c>.</summary>
    public void ScheduleRetry(string runId, string taskId, int attempt, TimeSpan delay)
    {
        using var connection = catalog.OpenConnection();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, "UPDATE task_attempts SET retry_delay_ms = $d WHERE run_id = $id AND task_id = $t AND attempt = $a",
            ("$id", runId), ("$t", taskId), ("$a", attempt), ("$d", Millis(delay)));
        Execute(connection, transaction, "UPDATE task_instances SET status = 'up_for_retry' WHERE run_id = $id AND task_id = $t",
            ("$id", runId), ("$t", taskId));
        transaction.Commit();
    }

    /// <summary>The attempts of a run (optionally of one task), by task then attempt.</summary>
    public IReadOnlyList<TaskAttemptRecord> ListAttempts(string runId, string? taskId = null)
    {
        using var connection = catalog.OpenConnection();
        return Query(connection,
            """
            SELECT run_id, task_id, attempt, started_at, finished_at, duration_ms, status, error, retry_delay_ms, log_excerpt
            FROM task_attempts WHERE run_id = $id AND ($t IS NULL OR task_id = $t) ORDER BY task_id, attempt
            """,
            r => new TaskAttemptRecord(r.GetString(0), r.GetString(1), r.GetInt32(2), ParseTime(r.GetString(3)), TimeOrNull(r, 4),
                MillisOrNull(r, 5), r.GetString(6), TextOrNull(r, 7), MillisOrNull(r, 8), TextOrNull(r, 9)),
            ("$id", runId), ("$t", taskId));
    }
}
