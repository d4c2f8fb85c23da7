namespace Cartwheel.Orchestration;

/// <summary>The snake_case names stored in the catalog and printed by the CLI.</summary>
public static class StatusText
{
    public static string Of(TaskInstanceStatus status) => status switch
    {
        TaskInstanceStatus.Queued => "queued",
        TaskInstanceStatus.Running => "running",
        TaskInstanceStatus.Success => "success",
        TaskInstanceStatus.Failed => "failed",
        TaskInstanceStatus.UpstreamFailed => "upstream_failed",
        TaskInstanceStatus.Skipped => "skipped",
        TaskInstanceStatus.UpForRetry => "up_for_retry",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Of(DagRunStatus status) => status.ToString().ToLowerInvariant();

    public static string Of(RunType runType) => runType.ToString().ToLowerInvariant();

    public static string Of(AlertKind kind) => kind switch
    {
        AlertKind.TaskFailed => "task_failed",
        AlertKind.SlaMiss => "sla_miss",
        AlertKind.DataQualityFailure => "data_quality_failure",
        AlertKind.FreshnessBreach => "freshness_breach",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static TaskInstanceStatus ParseTask(string text) =>
        Enum.GetValues<TaskInstanceStatus>().First(s => Of(s) == text);

    public static DagRunStatus ParseRun(string text) => Enum.Parse<DagRunStatus>(text, ignoreCase: true);

    public static RunType ParseRunType(string text) => Enum.Parse<RunType>(text, ignoreCase: true);

    public static AlertKind ParseAlertKind(string text) => Enum.GetValues<AlertKind>().First(k => Of(k) == text);

    /// <summary>True for statuses a task does not leave within one execution.</summary>
    public static bool IsTerminal(this TaskInstanceStatus status) =>
        status is TaskInstanceStatus.Success or TaskInstanceStatus.Failed or TaskInstanceStatus.UpstreamFailed or TaskInstanceStatus.Skipped;

    /// <summary>True for failed and upstream_failed.</summary>
    public static bool IsFailure(this TaskInstanceStatus status) =>
        status is TaskInstanceStatus.Failed or TaskInstanceStatus.UpstreamFailed;
}
