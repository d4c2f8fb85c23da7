namespace Cartwheel.Orchestration;

/// <summary>One DAG run as stored in <c>dag_runs</c>.</summary>
public sealed record DagRunRecord(
    string RunId,
    string DagId,
    DateTimeOffset LogicalDate,
    RunType RunType,
    DagRunStatus Status,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error)
{
    public TimeSpan? Duration => StartedAt is { } s && FinishedAt is { } f ? f - s : null;
}
