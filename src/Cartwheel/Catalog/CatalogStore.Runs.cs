namespace Cartwheel.Catalog;

public sealed partial class CatalogStore
{
    /// <summary>Records the start of a run and returns its id.</summary>
    public string StartRun(string command, string arguments)
    {
        var runId = NewId("run");
        using var connection = OpenConnection();
        Execute(connection, null,
            "INSERT INTO runs (run_id, command, arguments, started_at, status) VALUES ($id, $c, $a, $t, 'running')",
            ("$id", runId), ("$c", command), ("$a", arguments), ("$t", Now()));
        return runId;
    }

    /// <summary>Records the end of a run; <paramref name="error"/> null means success.</summary>
    public void FinishRun(string runId, string? error)
    {
        using var connection = OpenConnection();
        Execute(connection, null,
            "UPDATE runs SET finished_at = $t, status = $s, error = $e WHERE run_id = $id",
            ("$id", runId), ("$t", Now()), ("$s", error is null ? "succeeded" : "failed"), ("$e", error));
    }

    /// <summary>The most recent runs, newest first.</summary>
    public IReadOnlyList<RunRecord> ListRuns(int limit = 50)
    {
        using var connection = OpenConnection();
        return Query(connection,
            "SELECT run_id, command, arguments, started_at, finished_at, status, error FROM runs ORDER BY started_at DESC LIMIT $n",
            r => new RunRecord(r.GetString(0), r.GetString(1), r.GetString(2), ParseTime(r.GetString(3)),
                r.IsDBNull(4) ? null : ParseTime(r.GetString(4)), r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6)),
            ("$n", limit));
    }

    /// <summary>A new sortable unique id with a prefix, e.g. <c>run-20240102T030405Z-3f9a…</c>.</summary>
    public static string NewId(string prefix) =>
        $"{prefix}-{DateTimeOffset.UtcNow:yyyyMMdd'T'HHmmssfff'Z'}-{Guid.NewGuid():N}"[..(prefix.Length + 29)];
}
