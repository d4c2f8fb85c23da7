using System.Text.Json;

namespace Cartwheel.Tests.Warehouse;

/// <summary>
/// gold.fact_sessions against its definition, computed here by a plain query over silver.events (ordered aggregates by
/// (event_time, event_id)), on sessions the fast path must hand to the exact one or get right by itself: tied event
/// times, a first event without user, device or country, entry attributes that are NULL on the first event only,
/// duplicate event ids, a session across midnight, and late events that move a session's start (the merge path).
/// With bronze of Cartwheel's writer (hence silver events files of its writer) the sessions are aggregated in C#
/// (Warehouse/NativeGold), and the table must equal the SQL reference path's built from the same bronze (EXCEPT ALL both
/// ways); with DuckDB-written bronze (silver by the SQL path) the build falls back to the SQL aggregation.
/// </summary>
public sealed class FactSessionsTests : IDisposable
{
    private static readonly DateOnly D1 = new(2024, 3, 1);
    private static readonly DateOnly D2 = new(2024, 3, 2);

    private const string Definition = """
        SELECT session_id, CAST(min(event_time) AS DATE) AS session_date, min(event_time) AS session_start, max(event_time) AS session_end,
            count(*) AS total_events, list(event_type ORDER BY event_time, event_id) AS event_types,
            first(user_id ORDER BY event_time, event_id) FILTER (WHERE user_id IS NOT NULL) AS user_id,
            first(device ORDER BY event_time, event_id) FILTER (WHERE device IS NOT NULL) AS device,
            first(country ORDER BY event_time, event_id) FILTER (WHERE country IS NOT NULL) AS country,
            first(utm_source ORDER BY event_time, event_id) AS utm_source, first(utm_medium ORDER BY event_time, event_id) AS utm_medium,
            first(utm_campaign ORDER BY event_time, event_id) AS utm_campaign, first(referrer ORDER BY event_time, event_id) AS referrer,
            count(*) FILTER (WHERE event_type = 'product_view') AS product_views, bool_or(event_type = 'add_to_cart') AS has_add_to_cart,
            bool_or(event_type = 'checkout_started') AS has_checkout, bool_or(event_type = 'purchase') AS has_purchase
        FROM silver.events
        GROUP BY session_id
        """;

    private const string Built = """
        SELECT session_id, session_date, session_start, session_end, total_events, event_types, user_id, device, country, utm_source,
            utm_medium, utm_campaign, referrer, product_views, has_add_to_cart, has_checkout, has_purchase
        FROM gold.fact_sessions
        """;

    private readonly BronzeFixture _f = new();
    private readonly BronzeFixture _reference = new() { OwnWriter = true };
    private bool _own;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TiesNullsDuplicatesAndLateEvents_EqualTheDefinition_OnFirstBuildMergeAndRebuild(bool ownWriter)
    {
        _own = _f.OwnWriter = ownWriter;
        Json(D1,
            // Tied first events: the entry, user and types come from the least event_id (t-a), whatever the file order.
            Event("t-b", "tie", "search", "2024-03-01T10:00:00Z", utm: "bing/cpc/b", device: "tablet"),
            Event("t-a", "tie", "page_view", "2024-03-01T10:00:00Z", user: "u2", utm: "google/cpc/a", device: null),
            Event("t-c", "tie", "purchase", "2024-03-01T10:05:00Z"),
            // Ties later in the session only: the event types' order needs the event_id.
            Event("m-1", "mid", "page_view", "2024-03-01T11:00:00Z"),
            Event("m-3", "mid", "checkout_started", "2024-03-01T11:02:00Z"),
            Event("m-2", "mid", "add_to_cart", "2024-03-01T11:02:00Z"),
            // The first event has no user, device, country or utm: the first non-null ones; the entry stays NULL.
            Event("n-1", "nulls", "page_view", "2024-03-01T12:00:00Z", user: null, device: null, country: null, utm: null, referrer: null),
            Event("n-2", "nulls", "product_view", "2024-03-01T12:01:00Z", user: "u3", device: "desktop", country: "DE"),
            Event("n-3", "nulls", "product_view", "2024-03-01T12:02:00Z", user: "u4", device: "mobile", country: "FR"),
            // A duplicate event id (silver keeps one) and a session across midnight.
            Event("d-1", "dup", "page_view", "2024-03-01T13:00:00Z"),
            Event("d-1", "dup", "page_view", "2024-03-01T13:00:00Z"),
            Event("x-1", "night", "page_view", "2024-03-01T23:59:00Z", referrer: "https://www.google.com/search"));
        Json(D2,
            Event("x-2", "night", "add_to_cart", "2024-03-02T00:01:00Z"),
            Event("y-1", "day2", "page_view", "2024-03-02T09:00:00Z", referrer: "https://facebook.com/x"));
        Run(r => r.RunRange(D1, D2, cancellationToken: TestContext.Current.CancellationToken));
        Differences().ShouldBe(0);

        // Late events: one ties with the tied session's start and has a smaller id, one moves a session's start to an earlier time,
        // one repeats an event id of another date's bronze (silver keeps both: two rows with the same (event_time, event_id)).
        Json(D2,
            Event("t-0", "tie", "product_view", "2024-03-01T10:00:00Z", utm: "duck/email/z"),
            Event("y-0", "day2", "search", "2024-03-02T08:00:00Z", user: null, utm: null, referrer: null),
            Event("m-2", "mid", "add_to_cart", "2024-03-01T11:02:00Z"));
        Run(r => r.RunPending(1, cancellationToken: TestContext.Current.CancellationToken));
        Differences().ShouldBe(0);
        Rows("SELECT session_id || '|' || array_to_string(event_types, '>') || '|' || coalesce(user_id, '-') || '|' || coalesce(device, '-') || '|' || coalesce(utm_source, '-') FROM gold.fact_sessions ORDER BY session_id")
            .ShouldBe([
                "day2|search>page_view|u1|mobile|-",
                "dup|page_view|u1|mobile|google",
                "mid|page_view>add_to_cart>add_to_cart>checkout_started|u1|mobile|google",
                "night|page_view>add_to_cart|u1|mobile|google",
                "nulls|page_view>product_view>product_view|u3|desktop|-",
                "tie|product_view>page_view>search>purchase|u1|mobile|duck"]);

        Run(r => r.Rebuild(cancellationToken: TestContext.Current.CancellationToken));
        Differences().ShouldBe(0);
    }

    [Fact]
    public void TieTheIdPrefixCannotOrder_FallsBackToTheSqlPath()
    {
        // Same time, other types, event_ids equal in their first 8 bytes: the C# fold gives the range to the SQL path.
        _f.OwnWriter = true;
        _f.Json("events", D1,
            Event("prefix-a-2", "long", "add_to_cart", "2024-03-01T10:00:00Z"),
            Event("prefix-a-1", "long", "page_view", "2024-03-01T10:00:00Z"),
            Event("other", "short", "page_view", "2024-03-01T11:00:00Z"));
        NativeRunner().RunRange(D1, D1, cancellationToken: TestContext.Current.CancellationToken);
        _f.Warehouse.Scalar<bool>("SELECT getvariable('cw_native_sessions')").ShouldBeFalse();
        Differences(2).ShouldBe(0);
        Rows("SELECT session_id || '|' || array_to_string(event_types, '>') FROM gold.fact_sessions ORDER BY session_id")
            .ShouldBe(["long|page_view>add_to_cart", "short|page_view"]);
    }

    public void Dispose()
    {
        _f.Dispose();
        _reference.Dispose();
    }

    /// <summary>A runner of <see cref="_f"/> with the C# sessions path switched on (it is off by default).</summary>
    private Cartwheel.Warehouse.PipelineRunner NativeRunner() => new(_f.DataDirectory, _f.Catalog, _f.Warehouse) { NativeGoldSessions = true };

    private void Json(DateOnly date, params string[] lines)
    {
        _f.Json("events", date, lines);
        if (_own)
        {
            _reference.Json("events", date, lines);
        }
    }

    /// <summary>
    /// Runs the pipeline step; with our writer's bronze, also on the reference (SQL sessions), and checks which path
    /// built the sessions and that both tables hold the same rows (all columns but processing_timestamp, the silver build time).
    /// </summary>
    private void Run(Action<Cartwheel.Warehouse.PipelineRunner> step)
    {
        step(NativeRunner());
        _f.Warehouse.Scalar<bool>("SELECT getvariable('cw_native_sessions')").ShouldBe(_own);
        // The hand-over file is gone once the INSERT has read it.
        var handOver = Path.Combine(_f.DataDirectory.Staging, "gold");
        (Directory.Exists(handOver) ? Directory.GetFiles(handOver) : []).ShouldBeEmpty();
        if (!_own)
        {
            return;
        }

        step(_reference.Runner());
        _reference.Warehouse.Scalar<bool>("SELECT getvariable('cw_native_sessions')").ShouldBeFalse();
        var file = Path.Combine(_reference.DataDirectory.Root, "fact_sessions.parquet");
        _reference.Warehouse.Execute($"COPY (SELECT * EXCLUDE (processing_timestamp) FROM gold_build.fact_sessions) TO '{file}' (FORMAT PARQUET)");
        const string Native = "SELECT * EXCLUDE (processing_timestamp) FROM gold_build.fact_sessions";
        var reference = $"SELECT * FROM read_parquet('{file}')";
        _f.Warehouse.Scalar<long>($"SELECT count(*) FROM ({reference})").ShouldBe(6);
        _f.Warehouse.Scalar<long>($"SELECT (SELECT count(*) FROM ({Native} EXCEPT ALL {reference})) + (SELECT count(*) FROM ({reference} EXCEPT ALL {Native}))").ShouldBe(0);
    }

    /// <summary>Rows of gold.fact_sessions not in the definition plus rows of the definition not in it (EXCEPT ALL both ways).</summary>
    private long Differences(long sessions = 6)
    {
        _f.Warehouse.Scalar<long>("SELECT count(*) FROM gold.fact_sessions").ShouldBe(sessions);
        return _f.Warehouse.Scalar<long>($"SELECT (SELECT count(*) FROM ({Built} EXCEPT ALL {Definition})) + (SELECT count(*) FROM ({Definition} EXCEPT ALL {Built}))");
    }

    private List<string> Rows(string sql) => GoldScenario.Rows(_f, sql);

    private static string Event(string id, string session, string type, string time, string? user = "u1", string? device = "mobile",
        string? country = "US", string? utm = "google/cpc/spring", string? referrer = "https://ref.example/x") =>
        JsonSerializer.Serialize(new
        {
            event_id = id, session_id = session, user_id = user, event_type = type, event_time = time, device, country,
            utm_source = utm?.Split('/')[0], utm_medium = utm?.Split('/')[1], utm_campaign = utm?.Split('/')[2], referrer,
        });
}
