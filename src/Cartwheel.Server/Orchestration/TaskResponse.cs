namespace Cartwheel.Server.Orchestration;

/// <summary>One task of a run: latest status and times, and its attempts (<see cref="AttemptList"/>, serialized as <c>attempt_list</c>).</summary>
public sealed record TaskResponse(string TaskId, string Status, int Attempts, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    long? DurationMs, string? Error, IReadOnlyList<AttemptResponse> AttemptList);
