namespace Cartwheel.Orchestration;

/// <summary>The latest state of one task in one run, as stored in <c>task_instances</c>.</summary>
public sealed record TaskInstanceRecord(
    string RunId,
    string TaskId,
    TaskInstanceStatus Status,
    int Attempts,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    TimeSpan? Duration,
    string? Error);
