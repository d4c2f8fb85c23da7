using Cartwheel.Orchestration;

namespace Cartwheel.Server.Orchestration;

/// <summary>One attempt of a task: times, error, the backoff before the next attempt and the last log lines.</summary>
public sealed record AttemptResponse(int Attempt, string Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, long? DurationMs,
    string? Error, long? RetryDelayMs, string? LogExcerpt)
{
    public static AttemptResponse Of(TaskAttemptRecord a) => new(a.Attempt, a.Status, a.StartedAt, a.FinishedAt, RunResponse.Millis(a.Duration),
        a.Error, RunResponse.Millis(a.RetryDelay), a.LogExcerpt);
}
