using System.Text.RegularExpressions;

namespace Cartwheel.Orchestration;

/// <summary>
/// The fluent way to define a <see cref="Dag"/>:
/// <code>
/// new DagBuilder("daily").Schedule("0 0 * * *").Sla(TimeSpan.FromHours(4))
///     .Task("ingest", ctx => steps.IngestAsync(ctx.Date, ctx.CancellationToken), t => t.Retries(2, TimeSpan.FromSeconds(30)))
///     .Task("gold", ctx => …, t => t.After("ingest"))
///     .Build();
/// </code>
/// </summary>
public sealed partial class DagBuilder
{
    private readonly string _id;
    private readonly List<(TaskBuilder Builder, Func<TaskContext, Task> Action)> _tasks = [];
    private string _description = "";
    private string? _cron;
    private int _maxActiveRuns = 1;
    private bool _catchup;
    private DateTimeOffset? _startDate;
    private TimeSpan? _sla;
    private RetryPolicy _defaultRetry = RetryPolicy.None;

    public DagBuilder(string id)
    {
        if (!IdPattern().IsMatch(id))
        {
            throw new CartwheelException(ErrorCodes.DagInvalid, $"Invalid DAG id '{id}': use letters, digits, '_', '-' or '.'.");
        }

        _id = id;
    }

    public DagBuilder Describe(string description) => Set(() => _description = description);

    /// <summary>A cron expression in UTC, e.g. <c>0 0 * * *</c> for daily at midnight.</summary>
    public DagBuilder Schedule(string cron) => Set(() => _cron = cron);

    /// <summary>At most this many active runs (default 1); more wait in <c>queued</c>.</summary>
    public DagBuilder MaxActiveRuns(int maxActiveRuns) => Set(() => _maxActiveRuns = maxActiveRuns >= 1 ? maxActiveRuns
        : throw new CartwheelException(ErrorCodes.DagInvalid, "max_active_runs must be at least 1."));

    /// <summary>Turns catch-up on: the scheduler runs every interval since <paramref name="startDate"/> (off by default).</summary>
    public DagBuilder Catchup(DateTimeOffset startDate) => Set(() => (_catchup, _startDate) = (true, startDate));

    /// <summary>A run must be done <paramref name="afterIntervalEnd"/> after its data interval ends.</summary>
    public DagBuilder Sla(TimeSpan afterIntervalEnd) => Set(() => _sla = afterIntervalEnd);

    /// <summary>The retry policy of tasks that do not set their own.</summary>
    public DagBuilder DefaultRetry(RetryPolicy policy) => Set(() => _defaultRetry = policy);

    public DagBuilder Task(string id, Func<TaskContext, Task> action, Action<TaskBuilder>? configure = null)
    {
        if (!IdPattern().IsMatch(id))
        {
            throw new CartwheelException(ErrorCodes.DagInvalid, $"Invalid task id '{id}' in DAG '{_id}'.");
        }

        var builder = new TaskBuilder(id);
        configure?.Invoke(builder);
        _tasks.Add((builder, action));
        return this;
    }

    /// <summary>Validates the definition and returns the immutable DAG with its tasks in topological order.</summary>
    public Dag Build()
    {
        var tasks = _tasks.Select(t => t.Builder.Build(t.Action, _defaultRetry)).ToList();
        var duplicate = tasks.GroupBy(t => t.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new CartwheelException(ErrorCodes.DagInvalid, $"DAG '{_id}' defines task '{duplicate.Key}' twice.");
        }

        var known = tasks.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            var missing = task.Upstream.FirstOrDefault(u => !known.Contains(u));
            if (missing is not null)
            {
                throw new CartwheelException(ErrorCodes.DagInvalid, $"Task '{task.Id}' of DAG '{_id}' depends on unknown task '{missing}'.");
            }
        }

        return new Dag(_id, TopologicalOrder(tasks), _cron is null ? null : new CronSchedule(_cron))
        {
            Description = _description,
            MaxActiveRuns = _maxActiveRuns,
            Catchup = _catchup,
            StartDate = _startDate,
            Sla = _sla,
        };
    }

    private List<DagTask> TopologicalOrder(List<DagTask> tasks)
    {
        var ordered = new List<DagTask>(tasks.Count);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        while (ordered.Count < tasks.Count)
        {
            // Declaration order among tasks that are ready: the order the author wrote is kept where possible.
            var next = tasks.FirstOrDefault(t => !placed.Contains(t.Id) && t.Upstream.All(placed.Contains))
                ?? throw new CartwheelException(ErrorCodes.DagInvalid,
                    $"DAG '{_id}' has a cycle among: {string.Join(", ", tasks.Where(t => !placed.Contains(t.Id)).Select(t => t.Id))}.");
            ordered.Add(next);
            placed.Add(next.Id);
        }

        return ordered;
    }

    private DagBuilder Set(Action apply)
    {
        apply();
        return this;
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,100}$")]
    private static partial Regex IdPattern();
}
