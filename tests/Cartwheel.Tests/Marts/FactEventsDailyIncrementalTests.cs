using Cartwheel.Tests.Warehouse;

namespace Cartwheel.Tests.Marts;

/// <summary>
/// fact_events_daily merged with the rows new since the last build (<c>sql/gold/fact_events_daily.sql</c>) against a
/// full refresh of the same bronze and against the table's definition as one query over silver.
/// </summary>
public sealed class FactEventsDailyIncrementalTests : IDisposable
{
    private readonly ScenarioFixtures _fixtures = new();

    [Fact]
    public void LateHourWithDuplicates_IsMerged_AndEqualsTheFullRefresh()
    {
        var incremental = _fixtures.New();
        incremental.Runner().RunPending(2, cancellationToken: TestContext.Current.CancellationToken);
        // Ingested an hour later, as the next hour's files are: a copy of a stored event is a duplicate, dropped.
        incremental.IngestionTime = incremental.IngestionTime.AddHours(1);
        var stored = StoredEvent(incremental);
        var lines = LateHour(incremental, stored);
        incremental.Runner().RunPending(2, cancellationToken: TestContext.Current.CancellationToken);

        incremental.Warehouse.Scalar<bool>("SELECT getvariable('cw_merge_events')").ShouldBeTrue();
        // The new rows: Days[1]'s late hour less its duplicates (one of a stored event, one inside the file), Days[0]'s event.
        incremental.Warehouse.Scalar<long>("SELECT count(*) FROM cw_new_events").ShouldBe(lines.Length - 2 + 1);

        var full = _fixtures.New();
        full.IngestionTime = full.IngestionTime.AddHours(1);
        LateHour(full, stored);
        full.Runner().Rebuild(cancellationToken: TestContext.Current.CancellationToken);

        Rows(incremental).ShouldBe(Rows(full));
        Rows(incremental).ShouldBe(Definition(incremental));
        PipelineRunnerTests.GoldHashes(incremental, excludeAudit: true).ShouldBe(PipelineRunnerTests.GoldHashes(full, excludeAudit: true));
        // The merged dates' recorded source files (updated from the rows above the oldest recorded time) are a full refresh's.
        Sources(incremental).ShouldBe(Sources(full));
        // The late rows reached their groups: a new product, a new session and a new user in existing groups.
        incremental.Warehouse.Scalar<long>("SELECT events FROM gold.fact_events_daily WHERE product_id = 'p9'").ShouldBe(2);
    }

    [Fact]
    public void DuplicateThatReplacesAStoredRow_FallsBackToTheFullComputation()
    {
        // Ingested at the same time as the stored rows, from a file whose name sorts first: silver keeps the new copy
        // of the duplicated event, so the stored counts hold a row that is no longer there.
        var incremental = _fixtures.New();
        incremental.Runner().RunPending(2, cancellationToken: TestContext.Current.CancellationToken);
        incremental.SourceFile = "/input/a-first.jsonl";
        var stored = StoredEvent(incremental);
        LateHour(incremental, stored);
        incremental.Runner().RunPending(2, cancellationToken: TestContext.Current.CancellationToken);

        incremental.Warehouse.Scalar<bool>("SELECT getvariable('cw_merge_events')").ShouldBeFalse();
        var full = _fixtures.New();
        full.SourceFile = "/input/a-first.jsonl";
        LateHour(full, stored);
        full.Runner().Rebuild(cancellationToken: TestContext.Current.CancellationToken);
        Rows(incremental).ShouldBe(Rows(full));
        Rows(incremental).ShouldBe(Definition(incremental));
    }

    /// <summary>An event of Days[1] with a user and a product, as built: id, session, user, type, product, time.</summary>
    private static string[] StoredEvent(BronzeFixture f) => f.Warehouse.Strings(
        "SELECT event_id || '|' || session_id || '|' || user_id || '|' || event_type || '|' || product_id || '|' || " +
        "strftime(event_time AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') FROM silver.events WHERE dt = DATE '2024-01-31' " +
        "AND user_id IS NOT NULL AND product_id IS NOT NULL ORDER BY event_id LIMIT 1").Single().Split('|');

    /// <summary>
    /// Late events of Days[1] and Days[0]: a copy of the <paramref name="stored"/> event, one more event of its (session,
    /// product, type), a new session of its user and a new user in its group, a product never seen, an event twice in
    /// the file, events without a user, a page view (no product) of the stored session. Returns the lines of Days[1]'s file.
    /// </summary>
    private static string[] LateHour(BronzeFixture f, string[] stored)
    {
        var (id, session, user, type, product) = (stored[0], stored[1], stored[2], stored[3], stored[4]);
        string[] lines =
        [
            SilverBuildTests.Event(id, session, type, stored[5], user, product),
            SilverBuildTests.Event("late-1", session, type, "2024-01-31T23:40:00Z", user, product),
            SilverBuildTests.Event("late-2", "late-s1", type, "2024-01-31T23:41:00Z", user, product),
            SilverBuildTests.Event("late-3", "late-s2", type, "2024-01-31T23:42:00Z", "u-new", product),
            SilverBuildTests.Event("late-4", "late-s2", "product_view", "2024-01-31T23:43:00Z", "u-new", "p9"),
            SilverBuildTests.Event("late-5", "late-s3", "product_view", "2024-01-31T23:44:00Z", null, "p9"),
            SilverBuildTests.Event("late-6", "late-s3", "page_view", "2024-01-31T23:45:00Z", null),
            SilverBuildTests.Event("late-6", "late-s3", "page_view", "2024-01-31T23:45:00Z", null),
            SilverBuildTests.Event("late-8", session, "page_view", "2024-01-31T23:46:00Z", user),
        ];
        f.Json("events", ShopScenario.Days[1], lines);
        f.Json("events", ShopScenario.Days[0], SilverBuildTests.Event("late-7", "late-s4", "page_view", "2024-01-30T22:00:00Z", "u01"));
        return lines;
    }

    private static List<string> Sources(BronzeFixture f) => f.Warehouse.Strings(
        "SELECT CAST(x AS VARCHAR) FROM gold_build.cw_fact_sources AS x WHERE source_file IS NOT NULL ORDER BY ALL");

    private static List<string> Rows(BronzeFixture f) => f.Warehouse.Strings(
        "SELECT CAST(x AS VARCHAR) FROM gold.fact_events_daily AS x ORDER BY event_date, product_id NULLS FIRST, event_type");

    /// <summary>The table's definition over silver as one query (distinct counts computed whole).</summary>
    private static List<string> Definition(BronzeFixture f) => f.Warehouse.Strings(
        """
        WITH g AS (
            SELECT CAST(event_time AS DATE) AS event_date, product_id, event_type, count(*) AS events, count(DISTINCT session_id) AS sessions,
                count(DISTINCT user_id) AS users, min(event_time) AS first_event_time, max(event_time) AS last_event_time
            FROM silver.events
            GROUP BY CAST(event_time AS DATE), product_id, event_type
        )
        SELECT CAST(x AS VARCHAR) FROM (
            SELECT g.event_date, CAST(strftime(g.event_date, '%Y%m%d') AS INTEGER) AS date_key, g.product_id, p.product_key, g.event_type,
                g.events, g.sessions, g.users, g.first_event_time, g.last_event_time
            FROM g
            LEFT JOIN gold.dim_product AS p ON p.product_id = g.product_id AND p.effective_from <= g.last_event_time AND g.last_event_time < p.effective_to) AS x
        ORDER BY event_date, product_id NULLS FIRST, event_type
        """);

    public void Dispose() => _fixtures.Dispose();
}
