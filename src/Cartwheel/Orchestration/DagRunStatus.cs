namespace Cartwheel.Orchestration;

/// <summary>The status of one DAG run: queued (waiting for a free run slot), running, success or failed.</summary>
public enum DagRunStatus
{
    Queued,
    Running,
    Success,
    Failed,
}
