using Cartwheel.Orchestration;

namespace Cartwheel.Server.Orchestration;

/// <summary>One DAG run in <c>GET /api/v1/runs</c>; durations in milliseconds.</summary>
public sealed record RunResponse(string RunId, string DagId, DateTimeOffset LogicalDate, string RunType, string Status,
    DateTimeOffset QueuedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, long? DurationMs, string? Error)
{
    public static RunResponse Of(DagRunRecord r) => new(r.RunId, r.DagId, r.LogicalDate, StatusText.Of(r.RunType), StatusText.Of(r.Status),
        r.QueuedAt, r.StartedAt, r.FinishedAt, Millis(r.Duration), r.Error);

    internal static long? Millis(TimeSpan? value) => value is { } v ? (long)v.TotalMilliseconds : null;
}
