using Cartwheel.Tests.Warehouse;

namespace Cartwheel.Tests.Marts;

/// <summary>
/// fact_sales merging (<c>sql/gold/fact_sales.sql</c>): lines of orders whose session has no new events keep their
/// channel, the others read their session's first event again; compared with a full refresh of the same bronze.
/// </summary>
public sealed class FactSalesIncrementalTests : IDisposable
{
    private readonly ScenarioFixtures _fixtures = new();

    [Fact]
    public void LateFirstEventOfAnOrderedSession_ChangesItsChannel_AsAFullRefreshDoes()
    {
        var incremental = _fixtures.New();
        incremental.Runner().RunPending(2, cancellationToken: TestContext.Current.CancellationToken);
        var (session, user, start) = OrderedSession(incremental);
        var before = Channels(incremental);
        incremental.IngestionTime = incremental.IngestionTime.AddHours(1);
        LateEvents(incremental, session, user, start);
        incremental.Runner().RunPending(2, cancellationToken: TestContext.Current.CancellationToken);

        // The merge kept the channel of every other order and recomputed this one's.
        incremental.Warehouse.Scalar<long>("SELECT count(*) FROM cw_sales_kept_channels").ShouldBeGreaterThan(0);
        incremental.Warehouse.Scalar<long>($"SELECT count(*) FROM cw_sales_kept_channels WHERE session_id = '{session}'").ShouldBe(0);
        incremental.Warehouse.Strings($"SELECT DISTINCT channel FROM gold.fact_sales WHERE session_id = '{session}'").ShouldBe(["email"]);
        Channels(incremental).Where(c => !c.StartsWith(session + "|", StringComparison.Ordinal))
            .ShouldBe(before.Where(c => !c.StartsWith(session + "|", StringComparison.Ordinal)));

        var full = _fixtures.New();
        full.IngestionTime = full.IngestionTime.AddHours(1);
        LateEvents(full, session, user, start);
        full.Runner().Rebuild(cancellationToken: TestContext.Current.CancellationToken);
        Sales(incremental).ShouldBe(Sales(full));
        PipelineRunnerTests.GoldHashes(incremental, excludeAudit: true).ShouldBe(PipelineRunnerTests.GoldHashes(full, excludeAudit: true));
    }

    [Fact]
    public void SessionStartedTheDayBeforeTheRange_TakesItsChannelFromThatDaysEvents_AsARebuildDoes()
    {
        var ranged = _fixtures.New();
        CrossMidnight(ranged);
        ranged.Runner().RunRange(ShopScenario.Days[1], ShopScenario.Days[1], cancellationToken: TestContext.Current.CancellationToken);

        // fact_sessions of the range does not hold the session (it starts the day before): its first event is read there.
        ranged.Warehouse.Scalar<long>("SELECT count(*) FROM gold_build.fact_sessions WHERE session_id = 'late-x'").ShouldBe(0);
        ranged.Warehouse.Strings("SELECT DISTINCT channel FROM gold.fact_sales WHERE order_id = 'o-late-x'").ShouldBe(["email"]);

        var full = _fixtures.New();
        CrossMidnight(full);
        full.Runner().Rebuild(cancellationToken: TestContext.Current.CancellationToken);
        const string Lines = "SELECT CAST(x AS VARCHAR) FROM gold.fact_sales AS x WHERE order_id = 'o-late-x' ORDER BY line_number";
        ranged.Warehouse.Strings(Lines).ShouldNotBeEmpty();
        ranged.Warehouse.Strings(Lines).ShouldBe(full.Warehouse.Strings(Lines));
    }

    /// <summary>A session from an email visit at Days[0] 23:55 to a paid-search event at 00:05, ordered at 00:07 of Days[1].</summary>
    private static void CrossMidnight(BronzeFixture f)
    {
        var midnight = ShopScenario.Days[1].ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        string Event(string id, DateTime time, string source, string medium) => System.Text.Json.JsonSerializer.Serialize(new
        {
            event_id = id, session_id = "late-x", user_id = "u01", event_type = "page_view",
            event_time = time.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), utm_source = source, utm_medium = medium,
        });
        f.Json("events", ShopScenario.Days[0], Event("late-x1", midnight.AddMinutes(-5), "newsletter", "email"));
        f.Json("events", ShopScenario.Days[1], Event("late-x2", midnight.AddMinutes(5), "google", "cpc"));
        var order = new ShopScenario.Order("o-late-x", "u01", "late-x", "completed", [new ShopScenario.Line("p1", 2, 9.99m, 0m)], 1.40m, 4.99m,
            midnight.AddMinutes(7), midnight.AddMinutes(8));
        f.Json("orders", ShopScenario.Days[1], ShopScenario.Json(order));
    }

    /// <summary>A session of Days[1] with a completed order: its id, user and first event time (UTC, ISO).</summary>
    private static (string Session, string User, DateTime Start) OrderedSession(BronzeFixture f)
    {
        var row = f.Warehouse.Strings("SELECT s.session_id || '|' || s.user_id || '|' || strftime(s.session_start AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S') " +
            "FROM gold.fact_sessions AS s WHERE s.session_date = DATE '2024-01-31' AND s.session_id IN (SELECT session_id FROM gold.fact_sales) " +
            "AND s.channel <> 'email' ORDER BY s.session_id LIMIT 1").Single().Split('|');
        return (row[0], row[1], DateTime.Parse(row[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>An earlier first event of the session from a newsletter, a duplicate of it, and an event of another new session.</summary>
    private static void LateEvents(BronzeFixture f, string session, string user, DateTime start)
    {
        var first = System.Text.Json.JsonSerializer.Serialize(new
        {
            event_id = "late-entry", session_id = session, user_id = user, event_type = "page_view",
            event_time = start.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            utm_source = "newsletter", utm_medium = "email",
        });
        f.Json("events", ShopScenario.Days[1], first, first, SilverBuildTests.Event("late-other", "late-s9", "page_view", "2024-01-31T23:30:00Z", "u02"));
    }

    private static List<string> Channels(BronzeFixture f) =>
        f.Warehouse.Strings("SELECT DISTINCT session_id || '|' || order_id || '|' || channel || '|' || channel_key FROM gold.fact_sales ORDER BY 1");

    private static List<string> Sales(BronzeFixture f) =>
        f.Warehouse.Strings("SELECT CAST(x AS VARCHAR) FROM gold.fact_sales AS x ORDER BY order_id, line_number");

    public void Dispose() => _fixtures.Dispose();
}
