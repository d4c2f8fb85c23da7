using Cartwheel.Ingest;
using Cartwheel.Orchestration;
using Cartwheel.Simulation;
using Cartwheel.Tests.Warehouse;
using Cartwheel.Warehouse;

namespace Cartwheel.Tests.Orchestration;

/// <summary>The daily DAG over the real stages: a data directory with an inbox of simulated shop files.</summary>
public sealed class DailyDagPipelineTests : IDisposable
{
    private static readonly DateOnly Start = new(2024, 3, 1);
    private static readonly SimulationOptions Shop = new() { Seed = 7, Users = 80, Products = 20, Days = 7, Start = Start };
    private readonly OrchestrationHarness _h = new([]);
    private readonly string _other = Path.Combine(Path.GetTempPath(), "cw-daily-" + Guid.NewGuid().ToString("N"));
    private readonly DataDirectory _data;
    private readonly WarehouseOwner _owner;

    public DailyDagPipelineTests()
    {
        _data = new DataDirectory(_h.DataRoot);
        new ShopSimulator(Shop).WriteTo(Path.Combine(_data.Root, "inbox", "shop"));
        _owner = new WarehouseOwner(_data);
        var steps = new PipelineDailySteps(_data, _h.Catalog, _owner, _h.Alerts, timeProvider: _h.Clock);
        _h.Registry.Add(DailyDag.Create(steps, new DailyDagOptions { Retry = RetryPolicy.None }));
    }

    [Fact]
    public async Task Backfill_SevenDays_SameGoldAsSevenPipelineRuns()
    {
        var runs = await new Backfill(_h.Registry, _h.Runner).RunAsync(DailyDag.Id, Start, Start.AddDays(6), 1, null, TestContext.Current.CancellationToken);

        runs.Select(r => r.Status).ShouldBe(Enumerable.Repeat(DagRunStatus.Success, 7));
        var other = new DataDirectory(_other);
        new ShopSimulator(Shop).WriteTo(Path.Combine(other.Root, "input"), cancellationToken: TestContext.Current.CancellationToken);
        var catalog = Cartwheel.Catalog.CatalogStore.Open(other);
        new BronzeIngestor(other, catalog).Ingest([Path.Combine(other.Root, "input")], cancellationToken: TestContext.Current.CancellationToken);
        List<string> expected;
        using (var warehouse = Cartwheel.Warehouse.Warehouse.Open(other))
        {
            for (var d = Start; d <= Start.AddDays(6); d = d.AddDays(1))
            {
                new PipelineRunner(other, catalog, warehouse).Run(d, 2, cancellationToken: TestContext.Current.CancellationToken);
            }

            expected = PipelineRunnerTests.GoldHashes(warehouse, excludeAudit: true);
        }

        var actual = await _owner.RunAsync(w => PipelineRunnerTests.GoldHashes(w, excludeAudit: true), TestContext.Current.CancellationToken);
        actual.ShouldBe(expected);
        File.Exists(Path.Combine(_data.Reports, "daily", "2024-03-07", "index.html")).ShouldBeTrue();
    }

    [Fact]
    public async Task Run_GoldGatePassed_QualityTaskDoesNotCheckTheDateAgain()
    {
        var logical = new DateTimeOffset(2024, 3, 3, 0, 30, 0, TimeSpan.Zero);

        var run = await _h.Runner.RunAsync(DailyDag.Id, logical, RunType.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(DagRunStatus.Success);
        _h.Statuses(run.RunId)["quality"].ShouldBe(TaskInstanceStatus.Success);
        var date = DateOnly.FromDateTime(logical.UtcDateTime);
        _h.Catalog.ListQualityResults(date).ShouldNotBeEmpty();
        // Straight from the table: one quality run (the gold gate's) checked the date, each check stored once.
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_data.CatalogPath};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(DISTINCT run_id), count(*), count(DISTINCT suite || '/' || expectation) FROM dq_results WHERE dt = $dt";
        command.Parameters.AddWithValue("$dt", date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        using var reader = command.ExecuteReader();
        reader.Read().ShouldBeTrue();
        (reader.GetInt64(0), reader.GetInt64(1)).ShouldBe((1L, reader.GetInt64(2)));
    }

    [Fact]
    public async Task Retry_AfterAFailedGold_RerunsOnlyGoldAndItsDescendants()
    {
        var planted = Path.Combine(_data.Root, "quality", "planted.yml");
        Directory.CreateDirectory(Path.GetDirectoryName(planted)!);
        File.WriteAllText(planted, "suite: planted\ntable: silver.orders\npartition_column: dt\nexpectations:\n  - type: row_count_between\n    max: 0\n");
        var logical = new DateTimeOffset(2024, 3, 3, 0, 30, 0, TimeSpan.Zero);

        var failed = await _h.Runner.RunAsync(DailyDag.Id, logical, RunType.Manual, TestContext.Current.CancellationToken);

        failed.Status.ShouldBe(DagRunStatus.Failed);
        var statuses = _h.Statuses(failed.RunId);
        statuses["gold"].ShouldBe(TaskInstanceStatus.Failed);
        (statuses["quality"], statuses["reports"]).ShouldBe((TaskInstanceStatus.UpstreamFailed, TaskInstanceStatus.UpstreamFailed));
        _h.Store.ListTaskInstances(failed.RunId).Single(t => t.TaskId == "gold").Error.ShouldNotBeNull().ShouldContain("planted.row_count_between 2024-03-01 failed");
        _h.Catalog.ListGoldVersions("fact_sales").ShouldBeEmpty();

        File.Delete(planted);
        var retried = await _h.Runner.RetryAsync(failed.RunId, TestContext.Current.CancellationToken);

        retried.Status.ShouldBe(DagRunStatus.Success);
        var attempts = _h.Store.ListTaskInstances(failed.RunId).ToDictionary(t => t.TaskId, t => t.Attempts);
        attempts.Where(a => a.Key == "ingest" || a.Key.StartsWith("silver_", StringComparison.Ordinal)).ShouldAllBe(a => a.Value == 1);
        (attempts["gold"], attempts["quality"], attempts["reports"]).ShouldBe((2, 1, 1));
        _h.Catalog.ListGoldVersions("fact_sales").ShouldHaveSingleItem().IsCurrent.ShouldBeTrue();
    }

    public void Dispose()
    {
        _owner.Dispose();
        _h.Dispose();
        Cartwheel.Catalog.CatalogStore.ReleaseConnections(new DataDirectory(_other));
        if (Directory.Exists(_other))
        {
            Directory.Delete(_other, recursive: true);
        }
    }
}
