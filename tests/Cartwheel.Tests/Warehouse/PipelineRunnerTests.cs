namespace Cartwheel.Tests.Warehouse;

public sealed class PipelineRunnerTests : IDisposable
{
    private static readonly DateOnly D1 = new(2024, 3, 1);
    private static readonly DateOnly D2 = new(2024, 3, 2);
    private static readonly DateOnly D3 = new(2024, 3, 3);
    private readonly List<BronzeFixture> _fixtures = [];

    [Fact]
    public void Run_Twice_GoldAndSilverFilesIdentical()
    {
        var f = Fixture();
        f.Runner().Run(D3, 2, cancellationToken: TestContext.Current.CancellationToken);
        var gold = GoldHashes(f, excludeAudit: false);
        var silver = f.Catalog.ListSilverPartitions().Select(p => (p, Convert.ToHexString(File.ReadAllBytes(f.DataDirectory.Absolute(p.Path))))).ToList();

        f.Reopen();
        var second = f.Runner().Run(D3, 2, cancellationToken: TestContext.Current.CancellationToken);

        second.Partitions.ShouldAllBe(p => !p.Rebuilt);
        GoldHashes(f, excludeAudit: false).ShouldBe(gold);
        f.Catalog.ListSilverPartitions().Select(p => (p, Convert.ToHexString(File.ReadAllBytes(f.DataDirectory.Absolute(p.Path))))).ToList().ShouldBe(silver);
    }

    [Fact]
    public void Run_DatesInEitherOrder_SameGold()
    {
        var forward = Fixture();
        var backward = Fixture();
        foreach (var d in new[] { D1, D2, D3 })
        {
            forward.Runner().Run(d, 0, cancellationToken: TestContext.Current.CancellationToken);
        }

        foreach (var d in new[] { D3, D1, D2 })
        {
            backward.Runner().Run(d, 0, cancellationToken: TestContext.Current.CancellationToken);
        }

        GoldHashes(backward, excludeAudit: true).ShouldBe(GoldHashes(forward, excludeAudit: true));
    }

    [Fact]
    public void Rebuild_EqualsIncrementalRuns_ExceptTheAuditColumn()
    {
        var f = Fixture();
        foreach (var d in new[] { D1, D2, D3 })
        {
            // The run reports the counts its publish recorded: those of the published views.
            f.Runner().Run(d, 1, cancellationToken: TestContext.Current.CancellationToken).Gold
                .ShouldBe(Cartwheel.Warehouse.GoldBuilder.Counts(f.Warehouse));
        }

        var incremental = GoldHashes(f, excludeAudit: true);
        var report = f.Runner().Rebuild(cancellationToken: TestContext.Current.CancellationToken);

        GoldHashes(f, excludeAudit: true).ShouldBe(incremental);
        report.Gold.Select(g => (g.Table, g.Rows)).ShouldBe([
            ("holiday_calendar", 52L), ("dim_date", 3L), ("dim_user", 4L), ("dim_product", 2L), ("fact_sessions", 3L), ("dim_channel", 2L),
            ("fact_sales", 5L), ("fact_refunds", 1L), ("fact_events_daily", 6L), ("fact_inventory_daily", 0L), ("daily_sales", 3L),
            ("user_session_analysis", 3L), ("sales_summary", 29L), ("funnel_daily", 3L), ("cohort_retention", 1L), ("customer_rfm", 1L),
            ("customer_ltv", 1L), ("customer_value", 4L), ("channel_attribution", 3L), ("inventory_metrics", 0L)]);
        f.Catalog.ListRuns().Select(r => (r.Command, r.Status)).ShouldBe([("rebuild", "succeeded"), ("run", "succeeded"), ("run", "succeeded"), ("run", "succeeded")]);
    }

    private BronzeFixture Fixture()
    {
        var f = new BronzeFixture();
        _fixtures.Add(f);
        GoldScenario.Load(f);
        return f;
    }

    /// <summary>md5 of each published gold table's sorted rows (processing_timestamp of the session tables is an audit column).</summary>
    internal static List<string> GoldHashes(BronzeFixture f, bool excludeAudit) => GoldHashes(f.Warehouse, excludeAudit);

    internal static List<string> GoldHashes(Cartwheel.Warehouse.Warehouse warehouse, bool excludeAudit) =>
        Cartwheel.Warehouse.GoldBuilder.Tables.Select(t =>
        {
            var columns = excludeAudit && t is "user_session_analysis" or "fact_sessions" ? "* EXCLUDE (processing_timestamp)" : "*";
            return t + ":" + warehouse.Scalar<string>(
                $"SELECT md5(coalesce(string_agg(r, chr(10) ORDER BY r), '')) FROM (SELECT CAST(x AS VARCHAR) AS r FROM (SELECT {columns} FROM gold.{t}) AS x)");
        }).ToList();

    public void Dispose()
    {
        foreach (var f in _fixtures)
        {
            f.Dispose();
        }
    }
}
