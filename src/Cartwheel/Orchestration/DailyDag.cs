using Cartwheel.Contracts;

namespace Cartwheel.Orchestration;

/// <summary>
/// The built-in <c>daily</c> DAG: ingest → silver per kind (in parallel) → gold → quality → reports. Runs at
/// 00:30 UTC for the day that just ended (<see cref="DailyDagOptions"/>); SLA 4 h after that; one active run at a time.
/// </summary>
public static class DailyDag
{
    public const string Id = "daily";

    public static Dag Create(IDailyPipelineSteps steps, DailyDagOptions? options = null)
    {
        options ??= new DailyDagOptions();
        var builder = new DagBuilder(Id)
            .Describe("Ingest new files, rebuild silver per kind, gold (quality-gated), quality checks and reports for one day.")
            .Schedule(options.Schedule)
            .Sla(options.Sla)
            .DefaultRetry(options.Retry)
            .Task("ingest", steps.IngestAsync, t => t.Timeout(TimeSpan.FromHours(1)));
        var silver = new List<string>();
        foreach (var kind in EntityKinds.All)
        {
            var id = "silver_" + kind.Name();
            silver.Add(id);
            builder.Task(id, ctx => steps.BuildSilverAsync(kind, ctx), t => t.After("ingest").Timeout(TimeSpan.FromHours(1)));
        }

        return builder
            .Task("gold", steps.BuildGoldAsync, t => t.After([.. silver]).Timeout(TimeSpan.FromHours(2)))
            // A failed expectation is not transient: no retry, and the run fails before reports are written.
            .Task("quality", steps.CheckQualityAsync, t => t.After("gold").Retry(RetryPolicy.None))
            .Task("reports", steps.WriteReportsAsync, t => t.After("quality"))
            .Build();
    }
}
