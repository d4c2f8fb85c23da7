using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Cartwheel.Orchestration;

/// <summary>
/// Runs DAGs: one run per logical date, tasks started from a ready-queue driven by the dependency graph,
/// each attempt recorded in the catalog. At most <see cref="Dag.MaxActiveRuns"/> runs of a DAG are active
/// in one runner; further runs are recorded as <c>queued</c> and wait for a slot. Pools bound how many
/// tasks of a pool run at once across all runs of this runner.
/// </summary>
public sealed partial class DagRunner : IDisposable
{
    private readonly DagRegistry _registry;
    private readonly DagRunStore _store;
    private readonly AlertService _alerts;
    private readonly SlaMonitor _sla;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _runSlots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SemaphoreSlim> _pools;

    public DagRunner(DagRegistry registry, DagRunStore store, AlertService alerts, SlaMonitor sla, OrchestrationOptions options,
        TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        _registry = registry;
        _store = store;
        _alerts = alerts;
        _sla = sla;
        _time = timeProvider;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<DagRunner>();
        _pools = options.Pools.ToDictionary(p => p.Key, p => new SemaphoreSlim(p.Value, p.Value), StringComparer.Ordinal);
    }

    /// <summary>Runs a DAG for one logical date and returns the finished run (success or failed).</summary>
    public async Task<DagRunRecord> RunAsync(string dagId, DateTimeOffset logicalDate, RunType runType = RunType.Manual,
        CancellationToken cancellationToken = default)
    {
        var dag = _registry.Get(dagId);
        var unknownPool = dag.Tasks.FirstOrDefault(t => t.Pool is not null && !_pools.ContainsKey(t.Pool));
        if (unknownPool is not null)
        {
            throw new CartwheelException(ErrorCodes.DagInvalid, $"Task '{unknownPool.Id}' of DAG '{dag.Id}' uses pool '{unknownPool.Pool}', which is not configured.");
        }

        var run = new DagRunRecord(NewRunId(dag.Id, logicalDate, runType), dag.Id, logicalDate.ToUniversalTime(), runType,
            DagRunStatus.Queued, _time.GetUtcNow(), null, null, null);
        _store.CreateRun(run, dag.Tasks.Select(t => t.Id));
        var all = dag.Tasks.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        return await ExecuteRunAsync(dag, run, all, new Dictionary<string, TaskInstanceRecord>(StringComparer.Ordinal), cancellationToken);
    }

    /// <summary>
    /// Resumes a run that did not succeed: reruns its failed, upstream_failed and unfinished tasks and their
    /// descendants under the same run id; succeeded tasks are kept. Attempt numbers continue.
    /// </summary>
    public async Task<DagRunRecord> RetryAsync(string runId, CancellationToken cancellationToken = default)
    {
        var run = _store.GetRun(runId);
        if (run.Status == DagRunStatus.Success)
        {
            throw new CartwheelException(ErrorCodes.InvalidArgument, $"Run '{runId}' succeeded; there is nothing to retry.");
        }

        var dag = _registry.Get(run.DagId);
        var instances = _store.ListTaskInstances(runId).ToDictionary(i => i.TaskId, StringComparer.Ordinal);
        var changed = dag.Tasks.FirstOrDefault(t => !instances.ContainsKey(t.Id));
        if (changed is not null)
        {
            throw new CartwheelException(ErrorCodes.DagInvalid, $"DAG '{dag.Id}' gained task '{changed.Id}' since run '{runId}'; start a new run instead.");
        }

        var roots = instances.Values
            .Where(i => i.Status is not (TaskInstanceStatus.Success or TaskInstanceStatus.Skipped))
            .Select(i => i.TaskId);
        var toRun = dag.WithDescendants(roots);
        _store.ResetTasks(runId, toRun);
        run = run with { Status = DagRunStatus.Queued, FinishedAt = null, Error = null };
        _store.UpdateRun(run);
        return await ExecuteRunAsync(dag, run, toRun, instances, cancellationToken);
    }

    public void Dispose()
    {
        foreach (var semaphore in _runSlots.Values.Concat(_pools.Values))
        {
            semaphore.Dispose();
        }
    }

    private async Task<DagRunRecord> ExecuteRunAsync(Dag dag, DagRunRecord run, IReadOnlySet<string> toRun,
        IReadOnlyDictionary<string, TaskInstanceRecord> previous, CancellationToken cancellationToken)
    {
        var slot = _runSlots.GetOrAdd(dag.Id, _ => new SemaphoreSlim(dag.MaxActiveRuns, dag.MaxActiveRuns));
        if (!slot.Wait(0, CancellationToken.None))
        {
            _logger.DagRunQueued(run.RunId, dag.Id, dag.MaxActiveRuns);
            await slot.WaitAsync(cancellationToken);
        }

        try
        {
            run = run with { Status = DagRunStatus.Running, StartedAt = _time.GetUtcNow() };
            _store.UpdateRun(run);
            _logger.DagRunStarted(run.RunId, dag.Id, run.LogicalDate);
            var states = await ExecuteTasksAsync(dag, run, toRun, previous, cancellationToken);
            var failed = dag.Tasks.Where(t => states[t.Id].IsFailure()).Select(t => $"{t.Id} ({StatusText.Of(states[t.Id])})").ToList();
            run = run with
            {
                Status = failed.Count == 0 ? DagRunStatus.Success : DagRunStatus.Failed,
                FinishedAt = _time.GetUtcNow(),
                Error = failed.Count == 0 ? null : "Tasks did not succeed: " + string.Join(", ", failed),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _store.UpdateRun(run with { Status = DagRunStatus.Failed, FinishedAt = _time.GetUtcNow(), Error = "cancelled" });
            throw;
        }
        finally
        {
            slot.Release();
        }

        _store.UpdateRun(run);
        _logger.DagRunFinished(run.RunId, StatusText.Of(run.Status));
        await _sla.CheckRunAsync(dag, run, cancellationToken);
        return run;
    }

    private static string NewRunId(string dagId, DateTimeOffset logicalDate, RunType runType) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{dagId}-{logicalDate.UtcDateTime:yyyyMMdd'T'HHmm}-{StatusText.Of(runType)}-{Guid.NewGuid().ToString("N")[..8]}");
}
