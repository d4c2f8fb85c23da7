namespace Cartwheel.Tests.Warehouse;

public sealed class GoldBuildTests : IDisposable
{
    private static readonly DateOnly D1 = new(2024, 3, 1);
    private static readonly DateOnly D2 = new(2024, 3, 2);
    private static readonly DateOnly D3 = new(2024, 3, 3);
    private readonly BronzeFixture _f = new();

    public GoldBuildTests() => GoldScenario.Load(_f);

    [Fact]
    public void DimUser_TierChangedTwice_ThreeVersionsWithStableKeys()
    {
        _f.Runner().RunRange(D1, D3, cancellationToken: TestContext.Current.CancellationToken);

        Rows("SELECT tier || '|' || effective_from || '|' || effective_to || '|' || is_current FROM gold.dim_user WHERE user_id = 'u1' ORDER BY effective_from")
            .ShouldBe([
                "free|2024-02-01 00:00:00+00|2024-03-02 08:00:00+00|false",
                "premium|2024-03-02 08:00:00+00|2024-03-03 08:00:00+00|false",
                "vip|2024-03-03 08:00:00+00|9999-12-31 00:00:00+00|true"]);
        var keys = Rows("SELECT CAST(user_key AS VARCHAR) FROM gold.dim_user ORDER BY user_id, effective_from");
        _f.Runner().Rebuild(cancellationToken: TestContext.Current.CancellationToken);
        Rows("SELECT CAST(user_key AS VARCHAR) FROM gold.dim_user ORDER BY user_id, effective_from").ShouldBe(keys);
        Rows("SELECT price || '|' || is_current FROM gold.dim_product WHERE product_id = 'p1' ORDER BY effective_from")
            .ShouldBe(["10.00|false", "12.00|true"]);
    }

    [Fact]
    public void FactSales_CompletedLatestVersions_JoinVersionsValidAtOrderTimeAndAllocateToTheCent()
    {
        _f.Runner().RunRange(D1, D3, cancellationToken: TestContext.Current.CancellationToken);

        Rows("""
            SELECT f.order_id || '|' || f.line_number || '|' || f.date_key || '|' || u.tier || '|' || p.price || '|' || f.unit_price || '|'
                || f.line_revenue || '|' || f.tax || '|' || f.shipping || '|' || f.total
            FROM gold.fact_sales f JOIN gold.dim_user u USING (user_key) JOIN gold.dim_product p USING (product_key)
            ORDER BY f.order_id, f.line_number
            """).ShouldBe([
                "o1|1|20240301|free|10.00|10.00|19.00|2.00|5.00|26.00",
                "o2|1|20240302|premium|12.00|12.00|12.00|1.20|0.00|13.20",
                "o4|1|20240303|vip|12.00|10.00|10.00|0.33|0.03|10.36",
                "o4|2|20240303|vip|12.00|10.00|10.00|0.33|0.03|10.36",
                "o4|3|20240303|vip|12.00|10.00|10.00|0.34|0.04|10.38"]);
        _f.Warehouse.Scalar<long>("SELECT count(*) FROM gold.fact_sales WHERE user_key IS NULL OR product_key IS NULL").ShouldBe(0);
    }

    [Fact]
    public void DailySales_MatchesAHandComputationFromFactSales()
    {
        _f.Runner().RunRange(D1, D3, cancellationToken: TestContext.Current.CancellationToken);

        var facts = new List<(DateTime Date, string Product, string Order, string User, decimal Revenue)>();
        using (var reader = _f.Warehouse.Reader("SELECT order_date, product_id, order_id, user_id, line_revenue FROM gold.fact_sales"))
        {
            while (reader.Read())
            {
                facts.Add((reader.GetDateTime(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetDecimal(4)));
            }
        }

        var expected = facts.GroupBy(f => (f.Date, f.Product)).OrderBy(g => g.Key).Select(g =>
        {
            var revenue = g.Sum(f => f.Revenue);
            var orders = g.Select(f => f.Order).Distinct().Count();
            return $"{g.Key.Date:yyyy-MM-dd}|{g.Key.Product}|{revenue:0.00}|{orders}|{g.Select(f => f.User).Distinct().Count()}|{Math.Round(revenue / orders, 2, MidpointRounding.AwayFromZero):0.00}";
        }).ToList();
        var actual = Rows("SELECT date || '|' || product_id || '|' || total_revenue || '|' || num_transactions || '|' || unique_customers || '|' || avg_order_value FROM gold.daily_sales ORDER BY date, product_id");
        actual.ShouldBe(expected);
        actual.ShouldBe(["2024-03-01|p1|19.00|1|1|19.00", "2024-03-02|p1|12.00|1|1|12.00", "2024-03-03|p1|30.00|1|1|30.00"]);
        _f.Warehouse.Scalar<string>("SELECT string_agg(category, ',' ORDER BY date) FROM gold.daily_sales").ShouldBe("home,kitchen,kitchen");
    }

    [Fact]
    public void UserSessionAnalysis_SessionAcrossMidnightWithSeed004TransactionAndNativeOrder()
    {
        _f.Runner().RunRange(D1, D3, cancellationToken: TestContext.Current.CancellationToken);

        Rows("""
            SELECT session_id || '|' || session_date || '|' || user_id || '|' || total_events || '|' || array_to_string(event_types, '>') || '|'
                || session_duration_seconds || '|' || coalesce(transaction_id, '-') || '|' || coalesce(CAST(transaction_amount AS VARCHAR), '-') || '|'
                || transaction_count || '|' || has_transaction || '|' || coalesce(CAST(time_to_purchase_seconds AS VARCHAR), '-') || '|' || data_version
            FROM gold.user_session_analysis ORDER BY session_id
            """).ShouldBe([
                "s1|2024-03-01|u1|3|page_view>add_to_cart>purchase|300.0|t1|10.50|1|true|360.0|cartwheel-1",
                "s2|2024-03-02|u1|1|page_view|0.0|o2|13.20|1|true|3600.0|cartwheel-1",
                "s3|2024-03-03|u2|2|page_view>search|60.0|-|-|0|false|-|cartwheel-1"]);
        _f.Warehouse.Scalar<long>("SELECT count(*) FROM gold.user_session_analysis u JOIN silver.partitions p ON p.kind = 'events' AND p.dt = u.session_date AND p.built_at = u.processing_timestamp")
            .ShouldBe(3);
    }

    [Fact]
    public void DimDate_CoversEveryDateOfTheData()
    {
        _f.Runner().RunRange(D1, D3, cancellationToken: TestContext.Current.CancellationToken);

        Rows("SELECT date_key || '|' || day_of_week || '|' || day_name || '|' || week_of_year || '|' || month_name || '|' || quarter || '|' || is_weekend FROM gold.dim_date ORDER BY date")
            .ShouldBe(["20240301|5|Friday|9|March|1|false", "20240302|6|Saturday|9|March|1|true", "20240303|7|Sunday|9|March|1|true"]);
    }

    private List<string> Rows(string sql) => GoldScenario.Rows(_f, sql);

    public void Dispose() => _f.Dispose();
}
