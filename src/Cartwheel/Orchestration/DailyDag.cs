using Cartwheel.Contracts;

namespace Cartwheel.Orchestration;

/// <summary>
/// The built-in <c>daily</c> DAG: ingest → silver per kind (in parallel) → gold → quality → reports. Runs at
/// midnight UTC for the day that just ended; SLA done by 04:00 UTC the next day; one active run at a time.
/// </summary>
public static class DailyDag
{
    public const string Id = "daily";

    public static Dag Create(IDailyPipelineSteps steps)
    {
        var builder = new DagBuilder(Id)
            .Describe("Ingest new files, rebuild silver per kind, gold, quality checks and reports for one day.")
            .Schedule("0 0 * * *")
            .Sla(TimeSpan.FromHours(4))
            .DefaultRetry(new RetryPolicy(2, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10)))
            .Task("ingest", ctx => steps.IngestAsync(ctx.Date, ctx.CancellationToken), t => t.Timeout(TimeSpan.FromHours(1)));
        var silver = new List<string>();
        foreach (var kind in EntityKinds.All)
        {
            var id = "silver_" + kind.Name();
            silver.Add(id);
            builder.Task(id, ctx => steps.BuildSilverAsync(kind, ctx.Date, ctx.CancellationToken), t => t.After("ingest").Timeout(TimeSpan.FromHours(1)));
        }

        return builder
            .Task("gold", ctx => steps.BuildGoldAsync(ctx.Date, ctx.CancellationToken), t => t.After([.. silver]).Timeout(TimeSpan.FromHours(2)))
            // A failed expectation is not transient: no retry, and the run fails before reports are written.
            .Task("quality", ctx => steps.CheckQualityAsync(ctx.Date, ctx.CancellationToken), t => t.After("gold").Retry(RetryPolicy.None))
            .Task("reports", ctx => steps.WriteReportsAsync(ctx.Date, ctx.CancellationToken), t => t.After("quality"))
            .Build();
    }
}
