using Microsoft.Extensions.Logging;

namespace Cartwheel;

/// <summary>Log events of the orchestration engine (event ids 5000–5099).</summary>
internal static partial class LogMessages
{
    [LoggerMessage(5000, LogLevel.Information, "DAG run {RunId} of {DagId} for {LogicalDate:o} started")]
    public static partial void DagRunStarted(this ILogger logger, string runId, string dagId, DateTimeOffset logicalDate);

    [LoggerMessage(5001, LogLevel.Information, "DAG run {RunId} finished: {Status}")]
    public static partial void DagRunFinished(this ILogger logger, string runId, string status);

    [LoggerMessage(5002, LogLevel.Information, "DAG run {RunId} waits: {DagId} already has {MaxActiveRuns} active run(s)")]
    public static partial void DagRunQueued(this ILogger logger, string runId, string dagId, int maxActiveRuns);

    [LoggerMessage(5003, LogLevel.Warning, "Task {TaskId} of run {RunId} failed attempt {Attempt}; retrying in {Delay}")]
    public static partial void TaskRetrying(this ILogger logger, string taskId, string runId, int attempt, TimeSpan delay, Exception? exception);

    [LoggerMessage(5004, LogLevel.Error, "Task {TaskId} of run {RunId} failed after {Attempts} attempt(s)")]
    public static partial void TaskFailed(this ILogger logger, string taskId, string runId, int attempts, Exception exception);

    [LoggerMessage(5005, LogLevel.Information, "Task {TaskId} of run {RunId}: {Status}")]
    public static partial void TaskFinished(this ILogger logger, string taskId, string runId, string status);

    [LoggerMessage(5010, LogLevel.Warning, "ALERT {Kind} [{Key}]: {Text} {Link}")]
    public static partial void AlertRaised(this ILogger logger, string kind, string key, string text, string? link);

    [LoggerMessage(5011, LogLevel.Error, "Alert {Key} could not be delivered to {Sink}")]
    public static partial void AlertDeliveryFailed(this ILogger logger, string key, string sink, Exception exception);

    [LoggerMessage(5020, LogLevel.Information, "Scheduler triggers {DagId} for logical date {LogicalDate:o}")]
    public static partial void SchedulerTriggered(this ILogger logger, string dagId, DateTimeOffset logicalDate);

    [LoggerMessage(5021, LogLevel.Error, "Scheduled run of {DagId} for {LogicalDate:o} ended with an exception")]
    public static partial void ScheduledRunCrashed(this ILogger logger, string dagId, DateTimeOffset logicalDate, Exception exception);

    [LoggerMessage(5030, LogLevel.Information, "No inbox at {Inbox}: nothing to ingest")]
    public static partial void DailyNoInbox(this ILogger logger, string inbox);

    [LoggerMessage(5031, LogLevel.Information, "Ingest of {Inbox}: {Ingested} file(s) ingested, {Skipped} skipped, {Rejected} rejected (dead-lettered)")]
    public static partial void DailyIngested(this ILogger logger, string inbox, int ingested, int skipped, int rejected);

    [LoggerMessage(5032, LogLevel.Information, "Silver {Kind}: {Partitions} partition(s), {Rebuilt} rebuilt")]
    public static partial void DailySilver(this ILogger logger, string kind, int partitions, int rebuilt);

    [LoggerMessage(5033, LogLevel.Information, "Gold version {Version} published; quality run {QualityRunId}")]
    public static partial void DailyGoldPublished(this ILogger logger, long? version, string? qualityRunId);

    [LoggerMessage(5034, LogLevel.Information, "Quality run {QualityRunId}: {Checks} check(s), {NotPassed} not passed, {Blocking} blocking")]
    public static partial void DailyQuality(this ILogger logger, string qualityRunId, int checks, int notPassed, int blocking);

    [LoggerMessage(5035, LogLevel.Information, "Wrote the daily report {Path}")]
    public static partial void DailyReport(this ILogger logger, string path);

    [LoggerMessage(5036, LogLevel.Information, "Quality of {Date} already checked by the gold gate in quality run {QualityRunId}: not evaluated again")]
    public static partial void DailyQualityFromGate(this ILogger logger, DateOnly date, string qualityRunId);
}
