using System.Globalization;
using Cartwheel.Tests.Warehouse;

namespace Cartwheel.Tests.Marts;

/// <summary>Every mart against an independent LINQ computation over the scenario's input rows (late and duplicate data included).</summary>
public sealed class MartTests : IDisposable
{
    private readonly BronzeFixture _f = new();
    private readonly ShopScenario _s;

    public MartTests()
    {
        _s = ShopScenario.Load(_f);
        _f.Runner().RunRange(ShopScenario.Days[0], ShopScenario.Days[^1], cancellationToken: TestContext.Current.CancellationToken);
    }

    private IEnumerable<ShopScenario.Order> Sales => _s.Sales;

    private static decimal Revenue(ShopScenario.Order o) => ShopScenario.Revenue(o);

    private static string D(DateTime t) => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string M(decimal m) => m.ToString("0.00", CultureInfo.InvariantCulture);

    [Fact]
    public void FunnelDaily_MatchesSessionsComputedFromEvents()
    {
        var expected = _s.Events.GroupBy(e => e.SessionId).Select(g => g.OrderBy(e => e.Time).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList())
            .GroupBy(e => (Date: D(e[0].Time), e[0].Device, e[0].Country))
            .OrderBy(g => g.Key.Date, StringComparer.Ordinal).ThenBy(g => g.Key.Device, StringComparer.Ordinal).ThenBy(g => g.Key.Country, StringComparer.Ordinal)
            .Select(g => string.Join('|', g.Key.Date, g.Key.Device, g.Key.Country, g.Count(),
                g.Count(s => s.Any(e => e.Type == "product_view")), g.Count(s => s.Any(e => e.Type == "add_to_cart")),
                g.Count(s => s.Any(e => e.Type == "checkout_started")), g.Count(s => s.Any(e => e.Type == "purchase")),
                g.Count(s => s.Any(e => e.Type == "add_to_cart") && s.All(e => e.Type != "purchase"))))
            .ToList();

        Rows("""
            SELECT concat_ws('|', date, device, country, sessions, sessions_with_product_view, sessions_with_add_to_cart, sessions_with_checkout,
                sessions_with_purchase, sessions_abandoning_cart) FROM gold.funnel_daily ORDER BY date, device, country
            """).ShouldBe(expected);
        expected.Count.ShouldBeGreaterThan(5);
    }

    [Fact]
    public void CohortRetention_MatchesFirstCompletedOrderMonths()
    {
        var month = (ShopScenario.Order o) => new DateTime(o.CreatedAt.Year, o.CreatedAt.Month, 1);
        var cohorts = Sales.GroupBy(o => o.UserId).ToDictionary(g => g.Key, g => g.Min(month));
        var months = Sales.Select(month).Distinct().Order().ToList();
        var expected = cohorts.Values.Distinct().Order().SelectMany(c => months.Where(m => m >= c).Select(m =>
        {
            var active = Sales.Where(o => cohorts[o.UserId] == c && month(o) == m).ToList();
            return string.Join('|', D(c), ((m.Year - c.Year) * 12) + m.Month - c.Month, active.Select(o => o.UserId).Distinct().Count(), M(active.Sum(Revenue)),
                cohorts.Values.Count(v => v == c));
        })).ToList();

        Rows("SELECT concat_ws('|', cohort_month, months_since_first, active_users, revenue, cohort_size) FROM gold.cohort_retention ORDER BY cohort_month, months_since_first")
            .ShouldBe(expected);
        expected.Count.ShouldBe(3);
    }

    [Fact]
    public void SalesSummary_MonthByCountryAndWeekTotals_MatchOrders()
    {
        var byCountry = Sales.GroupBy(o => (Month: new DateTime(o.CreatedAt.Year, o.CreatedAt.Month, 1), Country: _s.UserCountry[o.UserId]))
            .OrderBy(g => g.Key.Month).ThenBy(g => g.Key.Country, StringComparer.Ordinal)
            .Select(g => string.Join('|', D(g.Key.Month), g.Key.Country, M(g.Sum(Revenue)), g.Count(), g.Sum(o => o.Items.Sum(i => i.Quantity)),
                M(g.Sum(o => Revenue(o) + o.Tax + o.Shipping))))
            .ToList();
        Rows("""
            SELECT concat_ws('|', period_start, dimension_value, revenue, orders, units, total_amount) FROM gold.sales_summary
            WHERE grain = 'month' AND dimension = 'country' ORDER BY period_start, dimension_value
            """).ShouldBe(byCountry);

        var byWeek = Sales.GroupBy(o => D(o.CreatedAt.Date.AddDays(-(((int)o.CreatedAt.DayOfWeek + 6) % 7)))).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}|{M(g.Sum(Revenue))}|{g.Select(o => o.UserId).Distinct().Count()}").ToList();
        Rows("SELECT concat_ws('|', period_start, revenue, customers) FROM gold.sales_summary WHERE grain = 'week' AND dimension = 'all' ORDER BY period_start")
            .ShouldBe(byWeek);
    }

    [Fact]
    public void FactSales_AllocatedAmountsSumToEveryOrderToTheCent()
    {
        var expected = Sales.OrderBy(o => o.OrderId, StringComparer.Ordinal)
            .Select(o => string.Join('|', o.OrderId, M(o.Tax), M(o.Shipping), M(Revenue(o) + o.Tax + o.Shipping), M(o.Items.Sum(i => i.Discount)), o.Items.Length)).ToList();

        Rows("""
            SELECT concat_ws('|', order_id, sum(tax_amount), sum(shipping_amount), sum(total_amount), sum(discount_amount), count(*))
            FROM gold.fact_sales GROUP BY order_id ORDER BY order_id
            """).ShouldBe(expected);
        _f.Warehouse.Scalar<long>("SELECT count(*) FROM gold.fact_sales WHERE status <> 'completed' OR channel_key IS NULL OR total_amount <> total").ShouldBe(0);
        _f.Warehouse.Scalar<long>("SELECT count(*) FROM gold.fact_sales f ANTI JOIN gold.dim_channel c USING (channel_key)").ShouldBe(0);
    }

    [Fact]
    public void FactRefunds_AreTheLatestRefundedVersions()
    {
        var expected = _s.LatestOrders.Where(o => o.Status == "refunded").OrderBy(o => o.OrderId, StringComparer.Ordinal)
            .Select(o => $"{o.OrderId}|{D(o.UpdatedAt)}|{M(Revenue(o) + o.Tax + o.Shipping)}").ToList();

        Rows("SELECT concat_ws('|', order_id, refund_date, refund_amount) FROM gold.fact_refunds ORDER BY order_id").ShouldBe(expected);
        expected.ShouldNotBeEmpty();
    }

    [Fact]
    public void ChannelAttribution_FirstTouchMatchesAndEveryModelSumsToRevenue()
    {
        var sessions = _s.SessionStarts.ToList();
        var expected = Sales.Select(o =>
        {
            var touches = sessions.Where(s => (s.UserId == o.UserId || s.SessionId == o.SessionId) && s.Time >= o.CreatedAt.AddDays(-30) && s.Time <= o.CreatedAt)
                .OrderBy(s => s.Time).ThenBy(s => s.SessionId, StringComparer.Ordinal).ToList();
            return (Date: D(o.CreatedAt), Channel: touches.Count == 0 ? "unknown" : ShopScenario.Channel(touches[0]), Revenue: Revenue(o));
        }).GroupBy(x => (x.Date, x.Channel)).OrderBy(g => g.Key.Date, StringComparer.Ordinal).ThenBy(g => g.Key.Channel, StringComparer.Ordinal)
            .Select(g => $"{g.Key.Date}|{g.Key.Channel}|{M(g.Sum(x => x.Revenue))}").ToList();

        Rows("SELECT concat_ws('|', order_date, channel, first_touch_revenue) FROM gold.channel_attribution WHERE first_touch_revenue > 0 ORDER BY order_date, channel")
            .ShouldBe(expected);
        var total = M(Sales.Sum(Revenue));
        Rows("SELECT concat_ws('|', sum(first_touch_revenue), sum(last_touch_revenue), sum(linear_revenue), sum(first_touch_orders), sum(last_touch_orders)) FROM gold.channel_attribution")
            .ShouldBe([$"{total}|{total}|{total}|{Sales.Count()}|{Sales.Count()}"]);
    }

    [Fact]
    public void FactInventoryDaily_ClosingStockCarriedForward()
    {
        var expected = ShopScenario.Days.SelectMany(day => _s.Inventory.GroupBy(i => (i.ProductId, i.Warehouse)).Select(g =>
        {
            var last = g.Where(i => DateOnly.FromDateTime(i.Time) <= day).MaxBy(i => i.Time)!;
            var sold = -g.Where(i => DateOnly.FromDateTime(i.Time) == day && i.Reason == "sale").Sum(i => i.Delta);
            return $"{day:yyyy-MM-dd}|{g.Key.ProductId}|{g.Key.Warehouse}|{last.OnHand}|{sold}|{last.OnHand == 0}";
        })).Order(StringComparer.Ordinal).ToList();

        Rows("SELECT concat_ws('|', date, product_id, warehouse_id, closing_on_hand, units_sold, is_stock_out) FROM gold.fact_inventory_daily ORDER BY ALL")
            .ShouldBe(expected.Select(e => e.Replace("True", "true", StringComparison.Ordinal).Replace("False", "false", StringComparison.Ordinal)).ToList());
        var p1Sold = _s.Inventory.Where(i => i.ProductId == "p1" && i.Reason == "sale").Sum(i => -i.Delta);
        Rows("SELECT concat_ws('|', days, units_sold) FROM gold.inventory_metrics WHERE product_id = 'p1'").ShouldBe([$"4|{p1Sold}"]);
    }

    [Fact]
    public void FactInventoryDaily_OpeningIsThePreviousDaysClosing()
    {
        // From the pair's first day with an update on; NULL (empty here) on that first day.
        var expected = ShopScenario.Days.SelectMany(day => _s.Inventory.GroupBy(i => (i.ProductId, i.Warehouse))
            .Where(g => g.Any(i => DateOnly.FromDateTime(i.Time) <= day)).Select(g =>
            {
                var before = g.Where(i => DateOnly.FromDateTime(i.Time) < day).MaxBy(i => i.Time);
                return $"{day:yyyy-MM-dd}|{g.Key.ProductId}|{g.Key.Warehouse}|{before?.OnHand}";
            })).Order(StringComparer.Ordinal).ToList();

        Rows("SELECT concat_ws('|', date, product_id, warehouse_id, coalesce(CAST(opening_on_hand AS VARCHAR), '')) FROM gold.fact_inventory_daily ORDER BY ALL")
            .ShouldBe(expected);
    }

    [Fact]
    public void CustomerRfmAndLtv_FrequencyAndMonetaryMatchOrders()
    {
        var expected = Sales.GroupBy(o => o.UserId).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}|{g.Count()}|{M(g.Sum(Revenue))}|{(g.Count() >= 2 ? "true" : "false")}").ToList();

        Rows("SELECT concat_ws('|', r.user_id, r.frequency, r.monetary, l.is_repeat) FROM gold.customer_rfm r JOIN gold.customer_ltv l USING (user_id) ORDER BY r.user_id")
            .ShouldBe(expected);
        Rows("SELECT concat_ws('|', customers, orders, revenue) FROM gold.customer_value WHERE cohort_month IS NULL AND tier = 'all'")
            .ShouldBe([$"{Sales.Select(o => o.UserId).Distinct().Count()}|{Sales.Count()}|{M(Sales.Sum(Revenue))}"]);
        _f.Warehouse.Scalar<long>("SELECT count(*) FROM gold.customer_rfm WHERE segment IS NULL OR r_score NOT BETWEEN 1 AND 5").ShouldBe(0);
    }

    private List<string> Rows(string sql) => GoldScenario.Rows(_f, sql);

    public void Dispose() => _f.Dispose();
}
