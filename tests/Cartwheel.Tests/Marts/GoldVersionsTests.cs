using Cartwheel.Tests.Warehouse;
using Cartwheel.Warehouse;

namespace Cartwheel.Tests.Marts;

public sealed class GoldVersionsTests : IDisposable
{
    private readonly ScenarioFixtures _fixtures = new();

    [Fact]
    public void Rollback_AfterANewBuild_RestoresThePreviousContentsExactly()
    {
        var f = Fixture();
        var first = f.Runner().RunRange(ShopScenario.Days[0], ShopScenario.Days[1], cancellationToken: TestContext.Current.CancellationToken);
        var before = PipelineRunnerTests.GoldHashes(f, excludeAudit: false);
        var second = f.Runner().RunRange(ShopScenario.Days[2], ShopScenario.Days[3], cancellationToken: TestContext.Current.CancellationToken);
        PipelineRunnerTests.GoldHashes(f, excludeAudit: false).ShouldNotBe(before);

        var versions = new GoldVersions(f.Warehouse, f.Catalog, new GoldOptions());
        foreach (var table in GoldBuilder.Tables)
        {
            versions.Rollback(table, first.GoldVersion!.Value);
        }

        PipelineRunnerTests.GoldHashes(f, excludeAudit: false).ShouldBe(before);
        second.GoldVersion.ShouldBe(first.GoldVersion + 1);
        versions.History("fact_sales").Select(v => (v.Version, v.IsCurrent, v.RunId)).ShouldBe([
            (second.GoldVersion!.Value, false, second.RunId), (first.GoldVersion!.Value, true, first.RunId)]);
        versions.History("fact_sales")[0].RowCount.ShouldBe(f.Warehouse.Scalar<long>($"SELECT count(*) FROM gold_v.fact_sales__v{second.GoldVersion}"));
        Should.Throw<CartwheelException>(() => versions.Rollback("fact_sales", 99)).Code.ShouldBe(ErrorCodes.InvalidArgument);
    }

    [Fact]
    public void Publish_KeepsTheLastKVersions_AndTheSnapshotsTheyShare()
    {
        var f = Fixture();
        var runner = new PipelineRunner(f.DataDirectory, f.Catalog, f.Warehouse, new GoldOptions { KeepVersions = 2 });
        var reports = new[] { ShopScenario.Days[0], ShopScenario.Days[0], ShopScenario.Days[1], ShopScenario.Days[1] }
            .Select(d => runner.RunRange(d, d, cancellationToken: TestContext.Current.CancellationToken)).ToList();
        var gold = PipelineRunnerTests.GoldHashes(f, excludeAudit: false);

        f.Catalog.ListGoldVersions("dim_date").Select(v => v.Version).ShouldBe([reports[3].GoldVersion!.Value, reports[2].GoldVersion!.Value]);
        // The 4th build changed nothing: it shares the 3rd build's snapshot; the first two builds' copies are gone.
        f.Warehouse.Strings("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'gold_v' AND table_name LIKE 'fact_sales__v%'")
            .ShouldBe([$"fact_sales__v{reports[2].GoldVersion}"]);
        var versions = new GoldVersions(f.Warehouse, f.Catalog, new GoldOptions { KeepVersions = 2 });
        foreach (var table in GoldBuilder.Tables)
        {
            versions.Rollback(table, reports[2].GoldVersion!.Value);
        }

        PipelineRunnerTests.GoldHashes(f, excludeAudit: false).ShouldBe(gold);
        Should.Throw<CartwheelException>(() => versions.Rollback("fact_sales", reports[1].GoldVersion!.Value)).Code.ShouldBe(ErrorCodes.InvalidArgument);
    }

    [Fact]
    public void Reader_DuringAPublish_SeesOneConsistentVersion()
    {
        var f = Fixture();
        f.Runner().RunRange(ShopScenario.Days[0], ShopScenario.Days[0], cancellationToken: TestContext.Current.CancellationToken);
        using var reader = f.Warehouse.OpenReaderConnection();
        using (var begin = reader.CreateCommand())
        {
            begin.CommandText = "BEGIN TRANSACTION";
            begin.ExecuteNonQuery();
        }

        var count = Count(reader);
        f.Runner().RunRange(ShopScenario.Days[0], ShopScenario.Days[3], cancellationToken: TestContext.Current.CancellationToken);

        Count(reader).ShouldBe(count);
        using (var commit = reader.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
        }

        Count(reader).ShouldNotBe(count);
    }

    private static string Count(DuckDB.NET.Data.DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT concat_ws('|', (SELECT count(*) FROM gold.fact_sales), (SELECT count(*) FROM gold.fact_sessions), (SELECT coalesce(sum(revenue), 0) FROM gold.sales_summary))";
        return (string)command.ExecuteScalar()!;
    }

    private BronzeFixture Fixture() => _fixtures.New();

    public void Dispose() => _fixtures.Dispose();
}
