namespace Cartwheel.Orchestration;

/// <summary>
/// One attempt of a task, as stored in <c>task_attempts</c>. <see cref="RetryDelay"/> is the backoff delay
/// scheduled before the next attempt (null when no retry followed).
/// </summary>
public sealed record TaskAttemptRecord(
    string RunId,
    string TaskId,
    int Attempt,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    TimeSpan? Duration,
    string Status,
    string? Error,
    TimeSpan? RetryDelay,
    string? LogExcerpt);
