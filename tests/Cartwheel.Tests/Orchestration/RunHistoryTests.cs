using Cartwheel.Catalog;
using Cartwheel.Orchestration;

namespace Cartwheel.Tests.Orchestration;

public sealed class RunHistoryTests
{
    [Fact]
    public async Task RunAsync_History_ReadBackFromTheCatalogWithExactDurations()
    {
        SteppingClock? clock = null;
        var dag = new DagBuilder("hist")
            .Task("extract", ctx =>
            {
                ctx.Logger.LogInformationLine("read 42 rows");
                clock!.Advance(TimeSpan.FromSeconds(5));
                return Task.CompletedTask;
            })
            .Task("load", _ =>
            {
                clock!.Advance(TimeSpan.FromMilliseconds(1500));
                return Task.CompletedTask;
            }, t => t.After("extract"))
            .Build();
        using var h = new OrchestrationHarness([dag]);
        clock = h.Clock;
        var day = new DateTimeOffset(2024, 3, 9, 0, 0, 0, TimeSpan.Zero);

        var run = await h.Runner.RunAsync("hist", day, cancellationToken: TestContext.Current.CancellationToken);

        // A second catalog over the same directory reads what the first wrote.
        var store = new DagRunStore(CatalogStore.Open(new DataDirectory(h.DataRoot)));
        var stored = store.GetRun(run.RunId);
        stored.ShouldBe(run);
        (stored.DagId, stored.LogicalDate, stored.RunType, stored.Status, stored.Duration)
            .ShouldBe(("hist", day, RunType.Manual, DagRunStatus.Success, (TimeSpan?)TimeSpan.FromMilliseconds(6500)));
        store.ListTaskInstances(run.RunId).Select(t => (t.TaskId, t.Status, t.Attempts, t.Duration)).ShouldBe([
            ("extract", TaskInstanceStatus.Success, 1, (TimeSpan?)TimeSpan.FromSeconds(5)),
            ("load", TaskInstanceStatus.Success, 1, (TimeSpan?)TimeSpan.FromMilliseconds(1500))]);
        var extract = store.ListAttempts(run.RunId, "extract").ShouldHaveSingleItem();
        (extract.Status, extract.Duration, extract.LogExcerpt).ShouldBe(("success", (TimeSpan?)TimeSpan.FromSeconds(5), "[Information] read 42 rows"));
        store.ListRuns().ShouldHaveSingleItem().RunId.ShouldBe(run.RunId);
        run.RunId.ShouldStartWith("hist-20240309T0000-manual-");
    }

    [Fact]
    public void Open_Twice_MigrationsRecordedOnceAndOrchestrationTablesExist()
    {
        var root = Path.Combine(Path.GetTempPath(), "cw-orch-schema-" + Guid.NewGuid().ToString("N"));
        try
        {
            CatalogStore.Open(new DataDirectory(root));
            var catalog = CatalogStore.Open(new DataDirectory(root));
            using var connection = catalog.OpenConnection();
            var versions = CatalogStore.Query(connection, "SELECT version FROM schema_version ORDER BY version", r => r.GetInt32(0));
            var files = Cartwheel.Internal.SqlResources.List("catalog").Select(f => int.Parse(Path.GetFileName(f)[..3], System.Globalization.CultureInfo.InvariantCulture));
            versions.ShouldBe(files.Order().ToList(), "each migration file is recorded once, in order");
            versions.ShouldContain(3);
            CatalogStore.Query(connection,
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('dag_runs', 'task_instances', 'task_attempts', 'alerts') ORDER BY name",
                r => r.GetString(0)).ShouldBe(["alerts", "dag_runs", "task_attempts", "task_instances"]);
        }
        finally
        {
            CatalogStore.ReleaseConnections(new DataDirectory(root));
            Directory.Delete(root, recursive: true);
        }
    }
}
