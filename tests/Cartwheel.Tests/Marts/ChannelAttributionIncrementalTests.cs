using System.Text.Json;
using Cartwheel.Tests.Warehouse;

namespace Cartwheel.Tests.Marts;

/// <summary>
/// channel_attribution credits again only the orders whose inputs or lookback sessions changed: what it publishes must
/// equal the mart computed in full from the published facts (<see cref="FullAttribution"/>, the definition as one
/// query) and the gold of a full refresh.
/// </summary>
public sealed class ChannelAttributionIncrementalTests : IDisposable
{
    private readonly ScenarioFixtures _fixtures = new();

    [Fact]
    public void LateSessionInsideAnOrdersLookback_IncrementalEqualsFullRecomputeAndFullRefresh()
    {
        var incremental = _fixtures.New();
        incremental.Runner().RunPending(0, cancellationToken: TestContext.Current.CancellationToken);
        Mart(incremental).ShouldBe(FullAttribution(incremental));
        var before = Mart(incremental);
        var emailBefore = EmailOrders(incremental);
        // An order of Days[2] whose user gets a late session (an email visit) a day before it, inside its 30-day lookback.
        var (user, created) = Order(incremental);
        AddLateSession(incremental, user, created);

        var late = incremental.Runner().RunPending(0, cancellationToken: TestContext.Current.CancellationToken);

        (late.From, late.To).ShouldBe((ShopScenario.Days[1], ShopScenario.Days[1]));
        Mart(incremental).ShouldNotBe(before);
        Mart(incremental).ShouldBe(FullAttribution(incremental));
        EmailOrders(incremental).ShouldBeGreaterThan(emailBefore);
        var full = _fixtures.New();
        AddLateSession(full, user, created);
        full.Runner().Rebuild(cancellationToken: TestContext.Current.CancellationToken);
        Mart(incremental).ShouldBe(Mart(full));
        PipelineRunnerTests.GoldHashes(incremental, excludeAudit: true).ShouldBe(PipelineRunnerTests.GoldHashes(full, excludeAudit: true));
    }

    [Fact]
    public void SessionMovedToAnotherUserAndLookbackChanged_EqualsFullRecompute()
    {
        var f = _fixtures.New();
        f.Runner().RunPending(0, cancellationToken: TestContext.Current.CancellationToken);
        var (user, created) = Order(f);
        AddLateSession(f, user, created);
        f.Runner().RunPending(0, cancellationToken: TestContext.Current.CancellationToken);
        // The late session's earlier event names another user: the session leaves the order's touches.
        f.Json("events", ShopScenario.Days[1], Event("late-0", "late-email-s", user == "u01" ? "u02" : "u01", created.AddDays(-1).AddMinutes(-5)));
        f.Runner().RunPending(0, cancellationToken: TestContext.Current.CancellationToken);
        Mart(f).ShouldBe(FullAttribution(f));

        var shorter = new Cartwheel.Warehouse.PipelineRunner(f.DataDirectory, f.Catalog, f.Warehouse, new Cartwheel.Warehouse.GoldOptions { AttributionDays = 0 });
        shorter.Run(ShopScenario.Days[1], 0, cancellationToken: TestContext.Current.CancellationToken);
        Mart(f).ShouldBe(FullAttribution(f, days: 0));
        Mart(f).ShouldNotBe(FullAttribution(f));
    }

    [Fact]
    public void SessionOfAUserWithoutOrders_BecomesATouchWhenTheUserOrders_AndLeavesWhenItMoves_EqualsFullRecomputeAndFullRefresh()
    {
        var f = _fixtures.New();
        f.Runner().RunPending(0, cancellationToken: TestContext.Current.CancellationToken);
        var created = ShopScenario.Days[2].ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);
        var steps = new List<Action<BronzeFixture>>
        {
            // A late email visit of a user without orders: no order can count it, so it is not kept as state.
            x => x.Json("events", ShopScenario.Days[1], Event("late-n", "late-n-s", "u-new", created.AddDays(-1))),
            // The user orders the next day: the visit is a touch of that order.
            x => x.Json("orders", ShopScenario.Days[2], ShopScenario.Json(new ShopScenario.Order("o-new", "u-new", "s-none", "completed",
                [new ShopScenario.Line("p2", 1, 3.33m, 0m)], 0.23m, 4.99m, created, created.AddMinutes(1)))),
            // An earlier event of the visit names u01: the session moves to u01, away from the new order.
            x => x.Json("events", ShopScenario.Days[1], Event("late-n0", "late-n-s", "u01", created.AddDays(-1).AddMinutes(-5))),
        };
        var credits = new List<long>();
        foreach (var step in steps)
        {
            step(f);
            f.Runner().RunPending(0, cancellationToken: TestContext.Current.CancellationToken);
            Mart(f).ShouldBe(FullAttribution(f));
            credits.Add(f.Warehouse.Scalar<long>("SELECT count(*) FROM gold_build.cw_attribution_credits WHERE order_id = 'o-new' AND channel = 'email'"));
        }

        credits.ShouldBe([0, 1, 0]);
        var full = _fixtures.New();
        steps.ForEach(step => step(full));
        full.Runner().Rebuild(cancellationToken: TestContext.Current.CancellationToken);
        Mart(f).ShouldBe(Mart(full));
        PipelineRunnerTests.GoldHashes(f, excludeAudit: true).ShouldBe(PipelineRunnerTests.GoldHashes(full, excludeAudit: true));
    }

    [Fact]
    public void TouchesStartingAtTheSameInstant_FirstAndLastBySessionId_EqualsFullRecompute()
    {
        var f = _fixtures.New();
        var created = ShopScenario.Days[2].ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);
        // Two visits of a new user that start at the same instant: the first touch is the smaller session_id (a direct
        // visit), the last the larger (an email visit), whatever order they are read in.
        f.Json("events", ShopScenario.Days[1], Event("tie-b", "tie-b-s", "u-tie", created.AddDays(-1)), Event("tie-a", "tie-a-s", "u-tie", created.AddDays(-1), email: false));
        f.Json("orders", ShopScenario.Days[2], ShopScenario.Json(new ShopScenario.Order("o-tie", "u-tie", "s-none", "completed",
            [new ShopScenario.Line("p2", 1, 3.33m, 0m)], 0.23m, 4.99m, created, created.AddMinutes(1))));

        f.Runner().RunPending(0, cancellationToken: TestContext.Current.CancellationToken);

        Mart(f).ShouldBe(FullAttribution(f));
        f.Warehouse.Strings("SELECT concat_ws('|', channel, first_cents, last_cents, linear_cents) FROM gold_build.cw_attribution_credits WHERE order_id = 'o-tie' ORDER BY channel")
            .ShouldBe(["direct|333|0|166", "email|0|333|167"]);
    }

    private static (string User, DateTime Created) Order(BronzeFixture f)
    {
        using var reader = f.Warehouse.Reader(
            $"SELECT user_id, created_at FROM gold.fact_sales WHERE order_date = DATE '{ShopScenario.Days[2]:yyyy-MM-dd}' ORDER BY order_id LIMIT 1");
        reader.Read().ShouldBeTrue();
        return (reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1).UtcDateTime);
    }

    private static void AddLateSession(BronzeFixture f, string user, DateTime created) =>
        f.Json("events", ShopScenario.Days[1], Event("late-email", "late-email-s", user, created.AddDays(-1)));

    private static string Event(string id, string session, string user, DateTime time, bool email = true) => JsonSerializer.Serialize(new
    {
        event_id = id, session_id = session, user_id = user, event_type = "page_view",
        event_time = time.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        utm_source = email ? "newsletter" : null, utm_medium = email ? "email" : null,
    });

    private static decimal EmailOrders(BronzeFixture f) => f.Warehouse.Scalar<decimal>(
        $"SELECT coalesce(sum(linear_orders), 0) FROM gold.channel_attribution WHERE channel = 'email' AND order_date = DATE '{ShopScenario.Days[2]:yyyy-MM-dd}'");

    private static List<string> Mart(BronzeFixture f) => f.Warehouse.Strings("SELECT CAST(x AS VARCHAR) FROM gold.channel_attribution AS x ORDER BY ALL");

    /// <summary>The mart's definition over the published facts, in one query (the computation before it was incremental).</summary>
    private static List<string> FullAttribution(BronzeFixture f, int days = 30) => f.Warehouse.Strings($"""
        WITH orders AS (
            SELECT order_id, any_value(user_id) AS user_id, any_value(session_id) AS session_id, any_value(created_at) AS created_at,
                any_value(order_date) AS order_date, CAST(sum(line_revenue) * 100 AS BIGINT) AS revenue_cents
            FROM gold.fact_sales GROUP BY order_id
        ), candidates AS (
            SELECT o.order_id, s.session_id, s.session_start, s.channel
            FROM orders AS o JOIN gold.fact_sessions AS s ON (s.user_id = o.user_id OR s.session_id = o.session_id)
                AND s.session_start BETWEEN o.created_at - to_days({days}) AND o.created_at
        ), touches AS (
            SELECT o.order_id, o.order_date, o.revenue_cents, coalesce(c.channel, 'unknown') AS channel,
                row_number() OVER (PARTITION BY o.order_id ORDER BY c.session_start, c.session_id) AS position,
                count(*) OVER (PARTITION BY o.order_id) AS n
            FROM orders AS o LEFT JOIN candidates AS c ON c.order_id = o.order_id
        ), mart AS (
            SELECT order_date, channel,
                CAST(CAST(sum(CASE WHEN position = 1 THEN revenue_cents ELSE 0 END) AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(18, 2)) AS first_touch_revenue,
                CAST(CAST(sum(CASE WHEN position = n THEN revenue_cents ELSE 0 END) AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(18, 2)) AS last_touch_revenue,
                CAST(CAST(sum(CASE WHEN position = n THEN revenue_cents - (n - 1) * (revenue_cents // n) ELSE revenue_cents // n END) AS DECIMAL(18, 0)) * 0.01
                    AS DECIMAL(18, 2)) AS linear_revenue,
                CAST(count(*) FILTER (WHERE position = 1) AS BIGINT) AS first_touch_orders,
                CAST(count(*) FILTER (WHERE position = n) AS BIGINT) AS last_touch_orders,
                CAST(round(sum(1.0 / n), 6) AS DECIMAL(18, 6)) AS linear_orders
            FROM touches GROUP BY order_date, channel
        )
        SELECT CAST(x AS VARCHAR) FROM mart AS x ORDER BY ALL
        """);

    public void Dispose() => _fixtures.Dispose();
}
