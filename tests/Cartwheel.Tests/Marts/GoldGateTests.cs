using Cartwheel.Quality;
using Cartwheel.Tests.Warehouse;
using Cartwheel.Warehouse;

namespace Cartwheel.Tests.Marts;

/// <summary>The quality gate checks the candidate gold version before the view swap; an error-severity failure keeps the previous version.</summary>
public sealed class GoldGateTests : IDisposable
{
    // A data-directory override of the shipped suite: the shipped checks plus an error-severity bound on quantity.
    private const string Override = """
        suite: gold_fact_sales
        table: gold.fact_sales
        partition_column: order_date
        key: [order_id, line_number]
        expectations:
          - type: unique
            columns: [order_id, line_number]
          - name: quantity_bound
            type: between
            column: quantity
            min: 1
            max: 50
        """;

    // One order line with quantity 999 on the third day: the planted defect.
    private const string Defect = """{"order_id":"o-defect","user_id":"u01","session_id":"s-defect","status":"completed","currency":"USD","items":[{"product_id":"p1","quantity":999,"unit_price":9.99,"discount":0}],"tax":0.70,"shipping":4.99,"payment_method":"card","created_at":"2024-02-01T10:00:00.000Z","updated_at":"2024-02-01T10:01:00.000Z"}""";

    private readonly ScenarioFixtures _fixtures = new();

    [Fact]
    public void Run_ErrorFailureOnTheCandidate_KeepsThePreviousVersionAndFails()
    {
        var f = _fixtures.New();
        Directory.CreateDirectory(Path.Combine(f.DataDirectory.Root, "quality"));
        File.WriteAllText(Path.Combine(f.DataDirectory.Root, "quality", "gold_fact_sales.yml"), Override);
        var clean = Gated(f).RunRange(ShopScenario.Days[0], ShopScenario.Days[1], cancellationToken: TestContext.Current.CancellationToken);
        clean.GoldVersion.ShouldBe(1);
        clean.Quality.ShouldNotBeNull().Passed.ShouldBeTrue();
        var before = PipelineRunnerTests.GoldHashes(f, excludeAudit: false);

        f.Json("orders", ShopScenario.Days[2], Defect);
        var ex = Should.Throw<CartwheelException>(() => Gated(f).RunRange(ShopScenario.Days[2], ShopScenario.Days[3],
            cancellationToken: TestContext.Current.CancellationToken));

        ex.Code.ShouldBe(ErrorCodes.QualityFailed);
        ex.Message.ShouldContain("gold_fact_sales.quantity_bound 2024-02-01 failed");
        PipelineRunnerTests.GoldHashes(f, excludeAudit: false).ShouldBe(before);
        f.Catalog.ListGoldVersions("fact_sales").Single(v => v.IsCurrent).Version.ShouldBe(1);
        f.Warehouse.Scalar<long>("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'gold_v' AND table_name = 'fact_sales__v2'").ShouldBe(0);
        var stored = f.Catalog.ListQualityResults(ShopScenario.Days[2]).Single(r => r.Expectation == "quantity_bound");
        (stored.Status, stored.Severity, stored.FailingRows, string.Join(",", stored.SampleKeys)).ShouldBe((CheckStatus.Failed, Severity.Error, 1L, "o-defect|1"));
    }

    [Fact]
    public void Run_CleanData_PublishesAfterTheGate()
    {
        var f = _fixtures.New();
        var report = Gated(f).RunRange(ShopScenario.Days[0], ShopScenario.Days[3], cancellationToken: TestContext.Current.CancellationToken);

        report.Quality.ShouldNotBeNull().Blocking.ShouldBeEmpty();
        report.GoldVersion.ShouldBe(1);
        f.Warehouse.Scalar<long>("SELECT count(*) FROM gold.fact_sales").ShouldBe(f.Warehouse.Scalar<long>("SELECT count(*) FROM gold_v.fact_sales__v1"));
        f.Catalog.ListQualityResults(runId: report.Quality.RunId).Count.ShouldBe(report.Quality.Results.Count);
    }

    private static PipelineRunner Gated(BronzeFixture f) =>
        new(f.DataDirectory, f.Catalog, f.Warehouse) { Gate = QualityGate.Create(f.Warehouse, f.Catalog) };

    public void Dispose() => _fixtures.Dispose();
}
