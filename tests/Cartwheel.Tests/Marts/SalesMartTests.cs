using System.Globalization;

namespace Cartwheel.Tests.Marts;

/// <summary>
/// top_products, channel_attribution (every model, per channel and day) and the average order value of sales_summary
/// against LINQ over the scenario's orders and sessions (late refunds, duplicate events), row for row.
/// </summary>
public sealed class SalesMartTests(ShortWindowGold gold) : IClassFixture<ShortWindowGold>
{
    private IEnumerable<ShopScenario.Order> Sales => gold.Scenario.Sales;

    [Theory]
    [InlineData("2024-01-30", "2024-02-02", 10)]
    [InlineData("2024-01-30", "2024-02-02", 2)]
    [InlineData("2024-01-31", "2024-02-01", 3)]
    [InlineData("2024-02-02", "2024-02-02", 1)]
    public void TopProducts_ForAPeriod_TheTopNByRevenueWithUnitsAndOrders(string from, string to, int n)
    {
        var (first, last) = (DateOnly.Parse(from, CultureInfo.InvariantCulture), DateOnly.Parse(to, CultureInfo.InvariantCulture));
        var names = new Dictionary<string, (string Name, string Category)>
        {
            ["p1"] = ("Mug", "home"), ["p2"] = ("Pen", "office"), ["p3"] = ("Lamp", "home"), ["p4"] = ("Desk", "office"),
        };
        var expected = Sales.Where(o => DateOnly.FromDateTime(o.CreatedAt) is var d && d >= first && d <= last)
            .SelectMany(o => o.Items.Select(i => (o.OrderId, Line: i)))
            .GroupBy(x => x.Line.ProductId)
            .Select(g => (Product: g.Key, Revenue: g.Sum(x => (x.Line.Quantity * x.Line.UnitPrice) - x.Line.Discount), Units: g.Sum(x => x.Line.Quantity),
                Orders: g.Select(x => x.OrderId).Distinct().Count()))
            .OrderByDescending(p => p.Revenue).ThenBy(p => p.Product, StringComparer.Ordinal).Take(n)
            .Select((p, i) => string.Join('|', i + 1, p.Product, names[p.Product].Name, names[p.Product].Category, M(p.Revenue), p.Units, p.Orders)).ToList();

        gold.Rows($"SELECT concat_ws('|', rank, product_id, name, category, revenue, units, orders) FROM gold.top_products(DATE '{from}', DATE '{to}', {n}) ORDER BY rank")
            .ShouldBe(expected);
        expected.ShouldNotBeEmpty();
    }

    [Fact]
    public void ChannelAttribution_EveryModelPerChannelAndDay_MatchesTheTouchesBeforeEachOrder()
    {
        var sessions = gold.Scenario.SessionStarts.ToList();
        var credits = Sales.SelectMany(o =>
        {
            var touches = sessions.Where(s => (s.UserId == o.UserId || s.SessionId == o.SessionId)
                    && s.Time >= o.CreatedAt.AddDays(-ShortWindowGold.AttributionDays) && s.Time <= o.CreatedAt)
                .OrderBy(s => s.Time).ThenBy(s => s.SessionId, StringComparer.Ordinal).Select(ShopScenario.Channel).ToList();
            if (touches.Count == 0)
            {
                touches.Add("unknown");
            }

            var cents = (long)(ShopScenario.Revenue(o) * 100);
            var share = cents / touches.Count;
            return touches.Select((channel, i) => (Date: o.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Channel: channel,
                First: i == 0 ? cents : 0, Last: i == touches.Count - 1 ? cents : 0, Linear: i == touches.Count - 1 ? cents - (share * (touches.Count - 1)) : share,
                FirstOrders: i == 0 ? 1 : 0, LastOrders: i == touches.Count - 1 ? 1 : 0, LinearOrders: 1m / touches.Count, Touches: touches.Count));
        }).ToList();
        var expected = credits.GroupBy(c => (c.Date, c.Channel)).OrderBy(g => g.Key.Date, StringComparer.Ordinal).ThenBy(g => g.Key.Channel, StringComparer.Ordinal)
            .Select(g => string.Join('|', g.Key.Date, g.Key.Channel, Cents(g.Sum(c => c.First)), Cents(g.Sum(c => c.Last)), Cents(g.Sum(c => c.Linear)),
                g.Sum(c => c.FirstOrders), g.Sum(c => c.LastOrders), Math.Round(g.Sum(c => c.LinearOrders), 6, MidpointRounding.AwayFromZero).ToString("0.000000", CultureInfo.InvariantCulture)))
            .ToList();

        gold.Rows("""
            SELECT concat_ws('|', order_date, channel, first_touch_revenue, last_touch_revenue, linear_revenue, first_touch_orders, last_touch_orders, linear_orders)
            FROM gold.channel_attribution ORDER BY order_date, channel
            """).ShouldBe(expected);
        credits.Max(c => c.Touches).ShouldBeGreaterThan(1, "some orders have several touches");
        credits.Select(c => c.Channel).Distinct().Count().ShouldBeGreaterThan(3);
        sessions.Any(s => Sales.Any(o => s.UserId == o.UserId && s.Time < o.CreatedAt.AddDays(-ShortWindowGold.AttributionDays))).ShouldBeTrue("the lookback excludes older sessions");
    }

    [Fact]
    public void SalesSummary_AverageOrderValueByDayAndChannel_IsRevenuePerOrderInCents()
    {
        var expected = Sales.GroupBy(o => o.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}|{g.Count()}|{M(g.Sum(ShopScenario.Revenue))}|{M(Math.Round(g.Sum(ShopScenario.Revenue) / g.Count(), 2, MidpointRounding.AwayFromZero))}")
            .ToList();

        gold.Rows("SELECT concat_ws('|', period_start, orders, revenue, avg_order_value) FROM gold.sales_summary WHERE grain = 'day' AND dimension = 'all' ORDER BY period_start")
            .ShouldBe(expected);
    }

    private static string Cents(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static string M(decimal m) => m.ToString("0.00", CultureInfo.InvariantCulture);
}
