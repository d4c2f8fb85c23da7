using Microsoft.Extensions.Logging;

namespace Cartwheel.Orchestration;

/// <summary>
/// Starts scheduled runs inside a long-running host, like Airflow: the run for logical date D covers the data
/// interval [D, next cron occurrence) and starts once that interval has ended (a daily DAG's run for D starts
/// just after D ends). Without catch-up only the latest ended interval runs; with catch-up every interval since
/// the DAG's start date. Each tick also checks SLAs. All time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class DagScheduler(
    DagRegistry registry, DagRunner runner, DagRunStore store, SlaMonitor sla, TimeProvider timeProvider, ILogger<DagScheduler> logger)
{
    private readonly Dictionary<string, DateTimeOffset> _lastTriggered = new(StringComparer.Ordinal);
    private readonly List<Task> _active = [];

    /// <summary>The longest sleep between ticks (SLA checks need a tick even when no interval ends).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// When a DAG has no scheduled run yet (a new data directory), treat the interval that ended last as done, so the first
    /// scheduled run is the next one: a host started on old or demo data does not build at once. Default false (Airflow's behaviour).
    /// </summary>
    public bool SkipPastOnFirstStart { get; init; }

    /// <summary>Ticks until cancelled, sleeping until the next interval ends or <see cref="PollInterval"/>; then waits for started runs.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            while (true)
            {
                var tick = await TickAsync(cancellationToken);
                var now = timeProvider.GetUtcNow();
                var wait = tick.NextWake is { } wake && wake - now < PollInterval ? wake - now : PollInterval;
                await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, timeProvider, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is the normal end of the scheduler, not a failure of the host's background service.
        }
        finally
        {
            await Task.WhenAll(_active);
        }
    }

    /// <summary>Starts the runs that are due now and checks SLAs.</summary>
    public async Task<(IReadOnlyList<ScheduledRun> Started, DateTimeOffset? NextWake)> TickAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var started = new List<ScheduledRun>();
        DateTimeOffset? nextWake = null;
        foreach (var dag in registry.All.Where(d => d.Schedule is not null))
        {
            foreach (var logicalDate in DueLogicalDates(dag, now))
            {
                logger.SchedulerTriggered(dag.Id, logicalDate);
                var run = RunScheduledAsync(dag, logicalDate, cancellationToken);
                _active.Add(run);
                started.Add(new ScheduledRun(dag.Id, logicalDate, run));
            }

            var next = dag.Schedule!.Next(now);
            nextWake = next < nextWake || nextWake is null ? next : nextWake;
        }

        _active.RemoveAll(t => t.IsCompleted);
        await sla.CheckAsync(cancellationToken);
        return (started, nextWake);
    }

    private List<DateTimeOffset> DueLogicalDates(Dag dag, DateTimeOffset now)
    {
        var cron = dag.Schedule!;
        if (cron.LatestCompleteInterval(now) is not { } latest)
        {
            return [];
        }

        var last = _lastTriggered.TryGetValue(dag.Id, out var cursor) ? cursor : store.LatestLogicalDate(dag.Id, RunType.Scheduled);
        if (last is null && SkipPastOnFirstStart && !dag.Catchup)
        {
            _lastTriggered[dag.Id] = latest;
            return [];
        }

        var first = last is { } l ? cron.Next(l)
            : dag.Catchup && dag.StartDate is { } start ? cron.FirstAtOrAfter(start)
            : latest;
        if (!dag.Catchup && first < latest)
        {
            first = latest;
        }

        var due = new List<DateTimeOffset>();
        for (var d = first; d is { } date && date <= latest; d = cron.Next(date))
        {
            due.Add(date);
        }

        if (due.Count > 0)
        {
            _lastTriggered[dag.Id] = due[^1];
        }

        return due;
    }

    private async Task<DagRunRecord> RunScheduledAsync(Dag dag, DateTimeOffset logicalDate, CancellationToken cancellationToken)
    {
        try
        {
            return await runner.RunAsync(dag.Id, logicalDate, RunType.Scheduled, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The host boundary: the failure is logged here and the run row says failed; the scheduler keeps going.
            logger.ScheduledRunCrashed(dag.Id, logicalDate, ex);
            throw;
        }
    }
}
