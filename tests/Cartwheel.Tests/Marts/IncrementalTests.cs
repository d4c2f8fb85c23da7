using Cartwheel.Tests.Warehouse;

namespace Cartwheel.Tests.Marts;

public sealed class IncrementalTests : IDisposable
{
    private readonly ScenarioFixtures _fixtures = new();

    [Fact]
    public void DailyRunsInAnyOrder_EqualTheFullRefresh_ForEveryGoldTable()
    {
        var forward = Fixture();
        var shuffled = Fixture();
        foreach (var day in ShopScenario.Days)
        {
            forward.Runner().Run(day, 1, cancellationToken: TestContext.Current.CancellationToken);
        }

        foreach (var day in new[] { ShopScenario.Days[2], ShopScenario.Days[0], ShopScenario.Days[3], ShopScenario.Days[1] })
        {
            shuffled.Runner().Run(day, 0, cancellationToken: TestContext.Current.CancellationToken);
        }

        var incremental = PipelineRunnerTests.GoldHashes(forward, excludeAudit: true);
        PipelineRunnerTests.GoldHashes(shuffled, excludeAudit: true).ShouldBe(incremental);
        forward.Runner().Rebuild(cancellationToken: TestContext.Current.CancellationToken);
        PipelineRunnerTests.GoldHashes(forward, excludeAudit: true).ShouldBe(incremental);
    }

    [Fact]
    public void RunPending_ProcessesOnlyTheDatesOfNewBronzeFiles()
    {
        var f = Fixture();
        var first = f.Runner().RunPending(0, cancellationToken: TestContext.Current.CancellationToken);
        (first.From, first.To).ShouldBe((new DateOnly(2024, 1, 1), ShopScenario.Days[^1]));
        var full = PipelineRunnerTests.GoldHashes(f, excludeAudit: true);

        var idle = f.Runner().RunPending(0, cancellationToken: TestContext.Current.CancellationToken);
        (idle.From, idle.To, idle.GoldVersion).ShouldBe((null, null, null));

        f.Json("events", ShopScenario.Days[1], SilverBuildTests.Event("late-1", "late-s", "page_view", "2024-01-31T23:00:00Z"));
        var late = f.Runner().RunPending(1, cancellationToken: TestContext.Current.CancellationToken);

        (late.From, late.To).ShouldBe((ShopScenario.Days[0], ShopScenario.Days[1]));
        PipelineRunnerTests.GoldHashes(f, excludeAudit: true).ShouldNotBe(full);
        f.Warehouse.Scalar<long>("SELECT count(*) FROM gold.fact_sessions WHERE session_id = 'late-s'").ShouldBe(1);
    }

    private BronzeFixture Fixture() => _fixtures.New();

    public void Dispose() => _fixtures.Dispose();
}
