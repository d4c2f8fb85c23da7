using System.Globalization;

namespace Cartwheel.Tests.Marts;

/// <summary>
/// customer_ltv, customer_value (AOV, purchase frequency, repeat purchase rate, churn, projected LTV by cohort × tier with
/// rollups) and customer_rfm against LINQ over the scenario's orders (late refunds, duplicates, a tier change), row for row.
/// </summary>
public sealed class CustomerMartTests(ShortWindowGold gold) : IClassFixture<ShortWindowGold>
{
    private sealed record Customer(string UserId, DateOnly Cohort, string Tier, int Orders, decimal Ltv, DateOnly LastOrder)
    {
        public int DaysSinceLast => ShortWindowGold.AsOf.DayNumber - LastOrder.DayNumber;

        public bool IsChurned => DaysSinceLast > ShortWindowGold.ChurnDays;
    }

    private List<Customer> Customers() => [.. gold.Scenario.Sales.GroupBy(o => o.UserId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
    {
        var first = DateOnly.FromDateTime(g.Min(o => o.CreatedAt));
        return new Customer(g.Key, new DateOnly(first.Year, first.Month, 1), ShortWindowGold.Tier(g.Key), g.Count(), g.Sum(ShopScenario.Revenue),
            DateOnly.FromDateTime(g.Max(o => o.CreatedAt)));
    })];

    [Fact]
    public void CustomerLtv_EveryCustomerMatchesTheirCompletedOrders()
    {
        var expected = Customers().Select(c => string.Join('|', c.UserId, D(c.Cohort), c.Tier, c.Orders, M(c.Ltv), M(Cents(c.Ltv / c.Orders)),
            Bool(c.Orders >= 2), c.DaysSinceLast, Bool(c.IsChurned), D(ShortWindowGold.AsOf))).ToList();

        gold.Rows("""
            SELECT concat_ws('|', user_id, cohort_month, tier, orders, historical_ltv, aov, is_repeat, days_since_last_order, is_churned, as_of_date)
            FROM gold.customer_ltv ORDER BY user_id
            """).ShouldBe(expected);
        expected.Count.ShouldBeGreaterThan(5);
        Customers().Select(c => c.IsChurned).Distinct().Count().ShouldBe(2, "some customers churned and some did not");
        Customers().Select(c => c.Orders >= 2).Distinct().Count().ShouldBe(2, "some customers repeat and some do not");
    }

    [Fact]
    public void CustomerValue_EveryCohortTierAndRollupMatches_IncludingProjectedLtv()
    {
        var customers = Customers();
        var groups = customers.GroupBy(c => (Cohort: (DateOnly?)c.Cohort, c.Tier))
            .Concat(customers.GroupBy(c => (Cohort: (DateOnly?)c.Cohort, Tier: "all")))
            .Concat(customers.GroupBy(c => (Cohort: (DateOnly?)null, c.Tier)))
            .Concat(customers.GroupBy(_ => (Cohort: (DateOnly?)null, Tier: "all")));
        var expected = groups.OrderBy(g => g.Key.Cohort ?? DateOnly.MaxValue).ThenBy(g => g.Key.Tier, StringComparer.Ordinal).Select(g =>
        {
            var (n, orders, revenue) = (g.Count(), g.Sum(c => c.Orders), g.Sum(c => c.Ltv));
            var (repeat, churned) = (g.Count(c => c.Orders >= 2), g.Count(c => c.IsChurned));
            var aov = Cents(revenue / orders);
            var frequency = Math.Round((decimal)orders / n, 4, MidpointRounding.AwayFromZero);
            var lifespan = Math.Round(churned == 0 ? ShortWindowGold.MaxLifespan : Math.Min((decimal)n / churned, ShortWindowGold.MaxLifespan), 4, MidpointRounding.AwayFromZero);
            return string.Join('|', g.Key.Cohort is { } c ? D(c) : "all", g.Key.Tier, n, orders, M(revenue), repeat, churned, M(Cents(revenue / n)), M(aov),
                R(frequency), R(Rate(repeat, n)), R(Rate(churned, n)), R(lifespan), M(Math.Round(aov * frequency * lifespan, 2, MidpointRounding.AwayFromZero)));
        }).ToList();

        gold.Rows("""
            SELECT concat_ws('|', coalesce(CAST(cohort_month AS VARCHAR), 'all'), tier, customers, orders, revenue, repeat_customers, churned_customers,
                historical_ltv, aov, purchase_frequency, repeat_purchase_rate, churn_rate, expected_lifespan, projected_ltv)
            FROM gold.customer_value ORDER BY cohort_month NULLS LAST, tier
            """).ShouldBe(expected);
        customers.Select(c => c.Cohort).Distinct().Count().ShouldBe(2);
        customers.Select(c => c.Tier).Distinct().Order(StringComparer.Ordinal).ShouldBe(["free", "premium"]);
    }

    [Fact]
    public void CustomerRfm_ScoresAreQuintilesAndSegmentsFollowTheRules()
    {
        var customers = Customers();
        var r = Ntile5(customers.OrderByDescending(c => c.DaysSinceLast).ThenBy(c => c.UserId, StringComparer.Ordinal));
        var f = Ntile5(customers.OrderBy(c => c.Orders).ThenBy(c => c.UserId, StringComparer.Ordinal));
        var m = Ntile5(customers.OrderBy(c => c.Ltv).ThenBy(c => c.UserId, StringComparer.Ordinal));
        var expected = customers.Select(c =>
        {
            var (rs, fs, ms) = (r[c.UserId], f[c.UserId], m[c.UserId]);
            var segment = (rs, fs, ms) switch
            {
                ( >= 4, >= 4, >= 4) => "champions",
                ( >= 3, >= 4, _) => "loyal",
                ( >= 4, _, _) when c.Orders == 1 => "new_customers",
                ( >= 4, _, _) => "potential_loyalists",
                (1, >= 4, _) => "cant_lose_them",
                ( <= 2, >= 3, _) => "at_risk",
                ( <= 2, <= 2, _) => "hibernating",
                _ => "need_attention",
            };
            return string.Join('|', c.UserId, D(c.LastOrder), c.DaysSinceLast, c.Orders, M(c.Ltv), rs, fs, ms, $"{rs}{fs}{ms}", segment);
        }).ToList();

        gold.Rows("""
            SELECT concat_ws('|', user_id, last_order_date, recency_days, frequency, monetary, r_score, f_score, m_score, rfm_cell, segment)
            FROM gold.customer_rfm ORDER BY user_id
            """).ShouldBe(expected);
        expected.Select(e => e.Split('|')[^1]).Distinct().Count().ShouldBeGreaterThan(2);
    }

    /// <summary>SQL's ntile(5) over rows in order: the first (n mod 5) tiles hold one row more.</summary>
    private static Dictionary<string, int> Ntile5(IEnumerable<Customer> ordered)
    {
        var list = ordered.ToList();
        var (size, larger) = (list.Count / 5, list.Count % 5);
        return list.Select((c, i) => (c.UserId, Tile: i < larger * (size + 1) ? (i / (size + 1)) + 1 : ((i - (larger * (size + 1))) / size) + larger + 1))
            .ToDictionary(x => x.UserId, x => x.Tile);
    }

    private static decimal Cents(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    private static decimal Rate(int count, int of) => Math.Round((decimal)count / of, 4, MidpointRounding.AwayFromZero);

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string M(decimal m) => m.ToString("0.00", CultureInfo.InvariantCulture);

    private static string R(decimal m) => m.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Bool(bool b) => b ? "true" : "false";
}
