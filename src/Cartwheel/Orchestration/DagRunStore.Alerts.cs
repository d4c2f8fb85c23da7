using static Cartwheel.Catalog.CatalogStore;

namespace Cartwheel.Orchestration;

public sealed partial class DagRunStore
{
    /// <summary>Stores an alert unless its key was stored before; true when it is new (and must be delivered).</summary>
    public bool TryAddAlert(Alert alert, DateTimeOffset raisedAt)
    {
        using var connection = catalog.OpenConnection();
        return Execute(connection, null,
            """
            INSERT INTO alerts (alert_key, kind, dag_id, run_id, task_id, logical_date, message, raised_at)
            VALUES ($k, $kind, $dag, $run, $task, $ld, $m, $t) ON CONFLICT (alert_key) DO NOTHING
            """,
            ("$k", alert.Key), ("$kind", StatusText.Of(alert.Kind)), ("$dag", alert.DagId), ("$run", alert.RunId),
            ("$task", alert.TaskId), ("$ld", alert.LogicalDate is { } ld ? Format(ld) : null), ("$m", alert.Text), ("$t", Format(raisedAt))) == 1;
    }

    /// <summary>Records the outcome of delivering an alert; <paramref name="error"/> null means delivered.</summary>
    public void RecordDelivery(string alertKey, DateTimeOffset at, string? error)
    {
        using var connection = catalog.OpenConnection();
        Execute(connection, null,
            "UPDATE alerts SET delivered_at = CASE WHEN $e IS NULL THEN $t ELSE NULL END, delivery_error = $e WHERE alert_key = $k",
            ("$k", alertKey), ("$t", Format(at)), ("$e", error));
    }

    /// <summary>Raised alerts, oldest first, optionally of one run.</summary>
    public IReadOnlyList<AlertRecord> ListAlerts(string? runId = null)
    {
        using var connection = catalog.OpenConnection();
        return Query(connection,
            """
            SELECT alert_key, kind, dag_id, run_id, task_id, logical_date, message, raised_at, delivered_at, delivery_error
            FROM alerts WHERE ($run IS NULL OR run_id = $run) ORDER BY raised_at, alert_key
            """,
            r => new AlertRecord(
                new Alert(StatusText.ParseAlertKind(r.GetString(1)), r.GetString(0), r.GetString(6), TextOrNull(r, 2), TextOrNull(r, 3),
                    TextOrNull(r, 4), TimeOrNull(r, 5)),
                ParseTime(r.GetString(7)), TimeOrNull(r, 8), TextOrNull(r, 9)),
            ("$run", runId));
    }
}
