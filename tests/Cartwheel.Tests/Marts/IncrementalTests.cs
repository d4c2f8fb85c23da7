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

    [Fact]
    public void LateHour_OfOneDate_GivesTheGoldOfAFullRefresh_AndSharesWhatDidNotChange()
    {
        var incremental = Fixture();
        var first = incremental.Runner().RunPending(2, cancellationToken: TestContext.Current.CancellationToken);
        AddLateHour(incremental);
        var late = incremental.Runner().RunPending(2, cancellationToken: TestContext.Current.CancellationToken);

        var full = Fixture();
        AddLateHour(full);
        full.Runner().Rebuild(cancellationToken: TestContext.Current.CancellationToken);

        PipelineRunnerTests.GoldHashes(incremental, excludeAudit: true).ShouldBe(PipelineRunnerTests.GoldHashes(full, excludeAudit: true));
        incremental.Warehouse.Scalar<long>("SELECT count(*) FROM gold.fact_sales WHERE session_id = 'late-s'").ShouldBe(1);
        incremental.Warehouse.Scalar<long>("SELECT total_events FROM gold.fact_sessions WHERE session_id = 's0131-03'")
            .ShouldBe(full.Warehouse.Scalar<long>("SELECT count(*) FROM silver.events WHERE session_id = 's0131-03'"));
        // Profiles and products did not change: their tables are shared with the first version, not copied.
        foreach (var table in new[] { "dim_user", "dim_product", "holiday_calendar" })
        {
            Snapshot(incremental, table, late.GoldVersion!.Value).ShouldBe(first.GoldVersion!.Value);
        }

        foreach (var table in new[] { "fact_sessions", "fact_sales", "fact_inventory_daily", "funnel_daily", "channel_attribution" })
        {
            Snapshot(incremental, table, late.GoldVersion!.Value).ShouldBe(late.GoldVersion!.Value);
        }
    }

    [Fact]
    public void LateHour_RecomputesOnlyTheTouchedSessions_AndEqualsTheFullRefresh()
    {
        var incremental = Fixture();
        incremental.Runner().RunPending(2, cancellationToken: TestContext.Current.CancellationToken);
        var sessions = incremental.Warehouse.Strings("SELECT session_id FROM gold.fact_sessions ORDER BY session_id");
        incremental.Warehouse.Execute("CREATE TABLE main.before_fact_sessions AS SELECT session_id, processing_timestamp FROM gold.fact_sessions; " +
            "CREATE TABLE main.before_user_session_analysis AS SELECT session_id, processing_timestamp FROM gold.user_session_analysis");
        AddLateHour(incremental);
        incremental.Runner().RunPending(2, cancellationToken: TestContext.Current.CancellationToken);

        // The run merged: a late event of an existing session and a new session (with its order) were recomputed, the
        // sessions without new rows and with unchanged transactions were kept.
        var touched = incremental.Warehouse.Strings("SELECT session_id FROM cw_touched_sessions ORDER BY session_id");
        touched.ShouldContain("s0131-03");
        touched.ShouldContain("late-s");
        touched.Count(sessions.Contains).ShouldBeLessThan(sessions.Count);

        var full = Fixture();
        AddLateHour(full);
        full.Runner().Rebuild(cancellationToken: TestContext.Current.CancellationToken);
        PipelineRunnerTests.GoldHashes(incremental, excludeAudit: true).ShouldBe(PipelineRunnerTests.GoldHashes(full, excludeAudit: true));
        incremental.Warehouse.Strings("SELECT session_date || '|' || total_events || '|' || array_to_string(event_types, ',') FROM gold.fact_sessions WHERE session_id IN ('late-s', 's0131-03') ORDER BY session_id")
            .ShouldBe(full.Warehouse.Strings("SELECT session_date || '|' || total_events || '|' || array_to_string(event_types, ',') FROM gold.fact_sessions WHERE session_id IN ('late-s', 's0131-03') ORDER BY session_id"));
        // Recomputed sessions carry their partition's new built_at; kept ones are left as they were (processing_timestamp too).
        foreach (var table in new[] { "fact_sessions", "user_session_analysis" })
        {
            incremental.Warehouse.Scalar<long>($"SELECT count(*) FROM gold.{table} f JOIN silver.partitions p ON p.kind = 'events' AND p.dt = f.session_date " +
                "WHERE f.session_id IN (SELECT session_id FROM cw_touched_sessions) AND f.processing_timestamp IS DISTINCT FROM p.built_at").ShouldBe(0);
            incremental.Warehouse.Scalar<long>($"SELECT count(*) FROM gold.{table} f JOIN main.before_{table} b USING (session_id) " +
                "WHERE f.session_id NOT IN (SELECT session_id FROM cw_touched_sessions) AND f.processing_timestamp IS DISTINCT FROM b.processing_timestamp").ShouldBe(0);
            incremental.Warehouse.Scalar<long>($"SELECT count(*) FROM gold.{table} f JOIN main.before_{table} b USING (session_id) " +
                "WHERE f.processing_timestamp IS DISTINCT FROM b.processing_timestamp").ShouldBeGreaterThan(0);
        }
    }

    [Fact]
    public void LateEventsUnderTheSameSourceFile_StreamBatchesOrARepeatedDrop_RecomputeTheirSessions()
    {
        // The stream writes every micro-batch of a log partition with source_file log:<p> and the batch time as
        // ingestion_time; a shop that drops events.jsonl every hour keeps the path too.
        static void FirstBatch(BronzeFixture f) => f.Json("events", ShopScenario.Days[1],
            SilverBuildTests.Event("st-1", "stream-s", "page_view", "2024-01-31T10:00:00Z"),
            SilverBuildTests.Event("st-2", "s0131-03", "page_view", "2024-01-31T10:01:00Z"));
        static void SecondBatch(BronzeFixture f) => f.Json("events", ShopScenario.Days[1],
            SilverBuildTests.Event("st-3", "stream-s", "add_to_cart", "2024-01-31T10:05:00Z"),
            SilverBuildTests.Event("st-4", "stream-new", "page_view", "2024-01-31T10:06:00Z"));

        var incremental = Fixture();
        incremental.SourceFile = "log:0";
        FirstBatch(incremental);
        incremental.Runner().RunPending(2, cancellationToken: TestContext.Current.CancellationToken);
        incremental.IngestionTime = incremental.IngestionTime.AddMinutes(1);
        SecondBatch(incremental);
        incremental.Runner().RunPending(2, cancellationToken: TestContext.Current.CancellationToken);

        var touched = incremental.Warehouse.Strings("SELECT session_id FROM cw_touched_sessions ORDER BY session_id");
        touched.ShouldContain("stream-s");
        touched.ShouldContain("stream-new");
        touched.ShouldNotContain("s0131-03");
        incremental.Warehouse.Strings("SELECT session_id || '|' || total_events FROM gold.fact_sessions WHERE session_id LIKE 'stream-%' ORDER BY session_id")
            .ShouldBe(["stream-new|1", "stream-s|2"]);

        var full = Fixture();
        full.SourceFile = "log:0";
        FirstBatch(full);
        full.IngestionTime = full.IngestionTime.AddMinutes(1);
        SecondBatch(full);
        full.Runner().Rebuild(cancellationToken: TestContext.Current.CancellationToken);
        PipelineRunnerTests.GoldHashes(incremental, excludeAudit: true).ShouldBe(PipelineRunnerTests.GoldHashes(full, excludeAudit: true));
    }

    [Fact]
    public void Run_AgainWithSilverUnchanged_PublishesAVersionThatSharesEverySnapshot()
    {
        var f = Fixture();
        var first = f.Runner().RunRange(ShopScenario.Days[0], ShopScenario.Days[3], cancellationToken: TestContext.Current.CancellationToken);
        var gold = PipelineRunnerTests.GoldHashes(f, excludeAudit: false);
        var physical = PhysicalTables(f);

        var again = f.Runner().RunRange(ShopScenario.Days[0], ShopScenario.Days[3], cancellationToken: TestContext.Current.CancellationToken);

        again.GoldVersion.ShouldBe(first.GoldVersion + 1);
        PipelineRunnerTests.GoldHashes(f, excludeAudit: false).ShouldBe(gold);
        PhysicalTables(f).ShouldBe(physical);
        foreach (var table in Cartwheel.Warehouse.GoldBuilder.Tables)
        {
            Snapshot(f, table, again.GoldVersion!.Value).ShouldBe(first.GoldVersion!.Value);
            f.Catalog.ListGoldVersions(table).Select(v => (v.Version, v.RowCount)).ShouldBe([
                (again.GoldVersion!.Value, f.Warehouse.Scalar<long>($"SELECT count(*) FROM gold.{table}")),
                (first.GoldVersion!.Value, f.Warehouse.Scalar<long>($"SELECT count(*) FROM gold.{table}"))]);
        }
    }

    [Fact]
    public void LateStartOfASessionPastMidnight_RebuildsTheNextDayToo_AsAFullRefreshWould()
    {
        var incremental = Fixture();
        incremental.Json("events", ShopScenario.Days[2], SilverBuildTests.Event("x-2", "cross-s", "add_to_cart", "2024-02-01T00:05:00Z"));
        incremental.Runner().RunPending(0, cancellationToken: TestContext.Current.CancellationToken);
        incremental.Warehouse.Scalar<DateOnly>("SELECT session_date FROM gold.fact_sessions WHERE session_id = 'cross-s'").ShouldBe(ShopScenario.Days[2]);
        // The session's first event arrives late, in the day before: the run covers that day only.
        incremental.Json("events", ShopScenario.Days[1], SilverBuildTests.Event("x-1", "cross-s", "page_view", "2024-01-31T23:55:00Z"));
        var late = incremental.Runner().RunPending(0, cancellationToken: TestContext.Current.CancellationToken);
        (late.From, late.To).ShouldBe((ShopScenario.Days[1], ShopScenario.Days[1]));

        var full = Fixture();
        full.Json("events", ShopScenario.Days[2], SilverBuildTests.Event("x-2", "cross-s", "add_to_cart", "2024-02-01T00:05:00Z"));
        full.Json("events", ShopScenario.Days[1], SilverBuildTests.Event("x-1", "cross-s", "page_view", "2024-01-31T23:55:00Z"));
        full.Runner().Rebuild(cancellationToken: TestContext.Current.CancellationToken);

        incremental.Warehouse.Strings("SELECT session_date || '|' || total_events FROM gold.fact_sessions WHERE session_id = 'cross-s'").ShouldBe(["2024-01-31|2"]);
        PipelineRunnerTests.GoldHashes(incremental, excludeAudit: true).ShouldBe(PipelineRunnerTests.GoldHashes(full, excludeAudit: true));
    }

    /// <summary>The last hour of Days[1] arriving after its day was built: a new session with a completed order, one more
    /// event of an existing session, a stock update.</summary>
    private static void AddLateHour(BronzeFixture f)
    {
        f.Json("events", ShopScenario.Days[1],
            SilverBuildTests.Event("late-1", "late-s", "page_view", "2024-01-31T23:10:00Z"),
            SilverBuildTests.Event("late-2", "late-s", "purchase", "2024-01-31T23:20:00Z"),
            SilverBuildTests.Event("late-3", "s0131-03", "add_to_cart", "2024-01-31T23:50:00Z"));
        f.Json("orders", ShopScenario.Days[1],
            """{"order_id":"o-late","user_id":"u01","session_id":"late-s","status":"completed","currency":"USD","items":[{"product_id":"p2","quantity":3,"unit_price":3.33,"discount":0}],"shipping":1.00,"tax":0.70,"payment_method":"card","created_at":"2024-01-31T23:19:00Z","updated_at":"2024-01-31T23:20:00Z"}""");
        f.Json("inventory", ShopScenario.Days[1],
            """{"update_id":"i-late","product_id":"p1","warehouse_id":"w1","on_hand":0,"delta":-2,"reason":"sale","event_time":"2024-01-31T23:30:00Z"}""");
    }

    internal static long Snapshot(BronzeFixture f, string table, long version) =>
        f.Warehouse.Scalar<long>($"SELECT snapshot FROM gold_v.cw_snapshots WHERE table_name = '{table}' AND version = {version}");

    private static List<string> PhysicalTables(BronzeFixture f) =>
        f.Warehouse.Strings("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'gold_v' ORDER BY table_name");

    private BronzeFixture Fixture() => _fixtures.New();

    public void Dispose() => _fixtures.Dispose();
}
