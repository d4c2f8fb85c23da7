using System.Globalization;

namespace Cartwheel.Orchestration;

/// <summary>
/// Raises an <c>sla_miss</c> alert for a run that is not done (successfully) by its DAG's SLA deadline:
/// the end of the run's data interval plus <see cref="Dag.Sla"/>. The alert key <c>sla_miss:{run_id}</c>
/// makes it fire once per run however often it is checked. Only scheduled runs have an SLA.
/// </summary>
public sealed class SlaMonitor(DagRegistry registry, DagRunStore store, AlertService alerts, TimeProvider timeProvider)
{
    /// <summary>Checks the recent runs of every DAG with an SLA; returns how many new alerts were raised.</summary>
    public async Task<int> CheckAsync(CancellationToken cancellationToken = default)
    {
        var raised = 0;
        foreach (var dag in registry.All.Where(d => d.Sla is not null))
        {
            foreach (var run in store.ListRuns(dag.Id, limit: 200))
            {
                raised += await CheckRunAsync(dag, run, cancellationToken) ? 1 : 0;
            }
        }

        return raised;
    }

    /// <summary>Checks one run; true when this call raised its SLA alert.</summary>
    public async Task<bool> CheckRunAsync(Dag dag, DagRunRecord run, CancellationToken cancellationToken = default)
    {
        // Like Airflow, SLAs concern scheduled runs: a manual run or backfill of an old date is late by design.
        if (run.RunType != RunType.Scheduled || dag.SlaDeadline(run.LogicalDate) is not { } deadline)
        {
            return false;
        }

        var missed = run.Status == DagRunStatus.Success ? run.FinishedAt > deadline : timeProvider.GetUtcNow() > deadline;
        if (!missed)
        {
            return false;
        }

        var text = string.Create(CultureInfo.InvariantCulture,
            $"SLA missed: {dag.Id} for {run.LogicalDate.UtcDateTime:yyyy-MM-dd'T'HH:mm'Z'} was not done by {deadline.UtcDateTime:yyyy-MM-dd'T'HH:mm'Z'} (status {StatusText.Of(run.Status)}).");
        return await alerts.RaiseAsync(
            new Alert(AlertKind.SlaMiss, $"sla_miss:{run.RunId}", text, dag.Id, run.RunId, null, run.LogicalDate), cancellationToken);
    }
}
