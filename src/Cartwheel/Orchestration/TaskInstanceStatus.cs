namespace Cartwheel.Orchestration;

/// <summary>The status of one task in one DAG run (stored as snake_case text, Airflow's names).</summary>
public enum TaskInstanceStatus
{
    Queued,
    Running,
    Success,
    Failed,
    UpstreamFailed,
    Skipped,
    UpForRetry,
}
