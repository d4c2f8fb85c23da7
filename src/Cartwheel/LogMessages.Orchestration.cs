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
}
