using Microsoft.Extensions.Logging;

namespace Cartwheel.Orchestration;

/// <summary>
/// What a task receives for one attempt. A task must be idempotent for its <see cref="LogicalDate"/>:
/// running it twice for the same date leaves the same result.
/// </summary>
public sealed record TaskContext(
    string DagId,
    string TaskId,
    string RunId,
    DateTimeOffset LogicalDate,
    int Attempt,
    ILogger Logger,
    TimeProvider TimeProvider,
    CancellationToken CancellationToken)
{
    /// <summary>The UTC calendar date of the logical date (the partition a daily task works on).</summary>
    public DateOnly Date => DateOnly.FromDateTime(LogicalDate.UtcDateTime);
}
