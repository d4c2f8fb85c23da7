namespace Cartwheel.Orchestration;

/// <summary>
/// An immutable DAG: tasks with dependencies plus its run policy. Built and validated by <see cref="DagBuilder"/>
/// (unique task ids, known upstream tasks, no cycles, a valid cron expression).
/// </summary>
public sealed record Dag
{
    internal Dag(string id, IReadOnlyList<DagTask> tasks, CronSchedule? schedule)
    {
        Id = id;
        Tasks = tasks;
        Schedule = schedule;
    }

    public string Id { get; }

    public string Description { get; init; } = "";

    /// <summary>Tasks in a topological order (every task after its upstream tasks).</summary>
    public IReadOnlyList<DagTask> Tasks { get; }

    /// <summary>The cron expression, or null for a DAG that only runs when asked.</summary>
    public string? Cron => Schedule?.Expression;

    /// <summary>How many runs of this DAG may be active at once; further runs wait in <c>queued</c>.</summary>
    public int MaxActiveRuns { get; init; } = 1;

    /// <summary>When true the scheduler runs every missed interval since <see cref="StartDate"/>; otherwise only the latest.</summary>
    public bool Catchup { get; init; }

    /// <summary>The first logical date the scheduler considers when catching up.</summary>
    public DateTimeOffset? StartDate { get; init; }

    /// <summary>A run must be done this long after the end of its data interval; null means no SLA.</summary>
    public TimeSpan? Sla { get; init; }

    internal CronSchedule? Schedule { get; }

    public DagTask GetTask(string taskId) =>
        Tasks.FirstOrDefault(t => t.Id == taskId)
        ?? throw new CartwheelException(ErrorCodes.InvalidArgument, $"DAG '{Id}' has no task '{taskId}'.");

    /// <summary>
    /// The end of the data interval that starts at <paramref name="logicalDate"/>: the next cron occurrence,
    /// or one day later for an unscheduled DAG. The run for a logical date is due at this instant.
    /// </summary>
    public DateTimeOffset IntervalEnd(DateTimeOffset logicalDate) =>
        Schedule?.Next(logicalDate) ?? logicalDate.AddDays(1);

    /// <summary>The instant a run for <paramref name="logicalDate"/> must be done by, or null without SLA.</summary>
    public DateTimeOffset? SlaDeadline(DateTimeOffset logicalDate) => Sla is { } sla ? IntervalEnd(logicalDate) + sla : null;

    /// <summary>The given tasks and every task downstream of them.</summary>
    public IReadOnlySet<string> WithDescendants(IEnumerable<string> taskIds)
    {
        var result = new HashSet<string>(taskIds, StringComparer.Ordinal);
        foreach (var task in Tasks)
        {
            if (task.Upstream.Any(result.Contains))
            {
                result.Add(task.Id);
            }
        }

        return result;
    }
}
