using System.Globalization;
using System.Text.Json;
using Cartwheel.Reports;

namespace Cartwheel.Tests.Marts;

/// <summary>
/// Issue 4 §4 "numbers in the report equal the marts": a report is written to disk as a user gets it, then every JSON
/// table is parsed and compared, row for row, with the marts queried here (and the CSV with the JSON).
/// </summary>
public sealed class ReportFilesTests(ShortWindowGold gold) : IClassFixture<ShortWindowGold>
{
    [Theory]
    [InlineData("daily", "2024-02-01")]
    [InlineData("weekly", "2024-02-02")]
    [InlineData("monthly", "2024-02-02")]
    public void Write_EveryJsonTableEqualsTheMarts_AndTheCsvEqualsTheJson(string kind, string date)
    {
        var period = ReportPeriod.Containing(kind, DateOnly.Parse(date, CultureInfo.InvariantCulture));
        var previous = period.Previous();
        var folder = ReportFiles.Write(gold.Fixture.DataDirectory, ReportBuilder.Build(gold.Fixture.Warehouse, period));
        var (grain, start, end) = (period.Grain, Sql(period.Start), Sql(period.End));

        Table(folder, "kpis").ShouldBe(Kpis(grain, period, previous));
        Table(folder, "revenue_trend").ShouldBe(Query($"""
            SELECT d.date, coalesce(s.revenue, 0), coalesce(s.orders, 0), d.date >= {start}
            FROM (SELECT CAST(range AS DATE) AS date FROM range(CAST({Sql(previous.Start)} AS TIMESTAMP), CAST({end} AS TIMESTAMP) + INTERVAL 1 DAY, INTERVAL 1 DAY)) AS d
            LEFT JOIN gold.sales_summary AS s ON s.grain = 'day' AND s.dimension = 'all' AND s.period_start = d.date ORDER BY d.date
            """));
        var top = Table(folder, "top_products");
        top.Select(r => string.Join('|', r.Split('|')[..4])).ShouldBe(Query($"SELECT product_id, revenue, orders, units FROM gold.top_products({start}, {end}, 10) ORDER BY rank"));
        foreach (var dimension in new[] { "product", "category", "country", "channel" })
        {
            Table(folder, dimension == "product" ? "top_products" : "sales_by_" + dimension).ShouldBe(Query($"""
                SELECT dimension_value, revenue, orders, units, customers, avg_order_value FROM gold.sales_summary
                WHERE grain = '{grain}' AND period_start = {start} AND dimension = '{dimension}' ORDER BY revenue DESC, dimension_value LIMIT 10
                """));
        }

        var funnel = Query($"""
            SELECT coalesce(sum(sessions), 0), coalesce(sum(sessions_with_product_view), 0), coalesce(sum(sessions_with_add_to_cart), 0),
                coalesce(sum(sessions_with_checkout), 0), coalesce(sum(sessions_with_purchase), 0) FROM gold.funnel_daily WHERE date BETWEEN {start} AND {end}
            """).Single().Split('|').Select(long.Parse).ToArray();
        Table(folder, "funnel").ShouldBe(new[] { "sessions", "product_view", "add_to_cart", "checkout", "purchase" }
            .Select((step, i) => $"{step}|{funnel[i]}|{N(Math.Round((decimal)funnel[i] / funnel[0], 4, MidpointRounding.AwayFromZero))}"));
        Table(folder, "attribution").ShouldBe(Query($"""
            SELECT channel, sum(first_touch_revenue), sum(last_touch_revenue), sum(linear_revenue) AS linear FROM gold.channel_attribution
            WHERE order_date BETWEEN {start} AND {end} GROUP BY channel ORDER BY linear DESC, channel
            """));
        top.ShouldNotBeEmpty();
    }

    private List<string> Kpis(string grain, ReportPeriod period, ReportPeriod previous)
    {
        string[] Sales(ReportPeriod p) => Query($"""
            SELECT revenue, orders, customers, avg_order_value, units FROM gold.sales_summary
            WHERE grain = '{grain}' AND dimension = 'all' AND period_start = {Sql(p.Start)}
            """).SingleOrDefault()?.Split('|') ?? ["0", "0", "0", "0", "0"];
        long[] Funnel(ReportPeriod p) => Query($"""
            SELECT coalesce(sum(sessions), 0), coalesce(sum(sessions_with_purchase), 0), coalesce(sum(sessions_with_add_to_cart), 0),
                coalesce(sum(sessions_abandoning_cart), 0) FROM gold.funnel_daily WHERE date BETWEEN {Sql(p.Start)} AND {Sql(p.End)}
            """).Single().Split('|').Select(long.Parse).ToArray();
        decimal Refunds(ReportPeriod p) => gold.Fixture.Warehouse.Scalar<decimal>(
            $"SELECT coalesce(sum(refund_amount), 0) FROM gold.fact_refunds WHERE refund_date BETWEEN {Sql(p.Start)} AND {Sql(p.End)}");
        static decimal Ratio(long a, long b) => b == 0 ? 0 : Math.Round((decimal)a / b, 4, MidpointRounding.AwayFromZero);

        var (sales, funnel) = ((Sales(period), Sales(previous)), (Funnel(period), Funnel(previous)));
        var rows = new List<(string Metric, decimal Value, decimal Previous)>();
        var names = new[] { "Revenue", "Orders", "Customers", "Average order value", "Units sold" };
        for (var i = 0; i < names.Length; i++)
        {
            rows.Add((names[i], decimal.Parse(sales.Item1[i], CultureInfo.InvariantCulture), decimal.Parse(sales.Item2[i], CultureInfo.InvariantCulture)));
        }

        rows.Add(("Sessions", funnel.Item1[0], funnel.Item2[0]));
        rows.Add(("Conversion rate", Ratio(funnel.Item1[1], funnel.Item1[0]), Ratio(funnel.Item2[1], funnel.Item2[0])));
        rows.Add(("Cart abandonment", Ratio(funnel.Item1[3], funnel.Item1[2]), Ratio(funnel.Item2[3], funnel.Item2[2])));
        rows.Add(("Refunds", Refunds(period), Refunds(previous)));
        return [.. rows.Select(r => string.Join('|', r.Metric, Unit(r.Metric), N(r.Value), N(r.Previous),
            r.Previous == 0 ? "NULL" : N(Math.Round((r.Value - r.Previous) / Math.Abs(r.Previous), 4, MidpointRounding.AwayFromZero))))];
    }

    private static string Unit(string metric) => metric switch
    {
        "Revenue" or "Average order value" or "Refunds" => "money",
        "Conversion rate" or "Cart abandonment" => "percent",
        _ => "count",
    };

    /// <summary>The rows of <c>&lt;table&gt;.json</c> as normalised text, after checking that the CSV holds the same header and cells.</summary>
    private static List<string> Table(string folder, string table)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, table + ".json")));
        var rows = json.RootElement.EnumerateArray().Select(r => r.EnumerateObject().ToList()).ToList();
        var csv = File.ReadAllLines(Path.Combine(folder, table + ".csv"));
        csv.Length.ShouldBe(rows.Count + 1, table);
        for (var i = 0; i < rows.Count; i++)
        {
            string.Join(',', rows[i].Select(p => p.Name)).ShouldBe(csv[0], table);
            csv[i + 1].Split(',').Select(Cell).ShouldBe(rows[i].Select(p => p.Value.ValueKind == JsonValueKind.Null ? "NULL" : Cell(p.Value.ToString())), table);
        }

        return [.. rows.Select(r => string.Join('|', r.Select(p => p.Value.ValueKind switch
        {
            JsonValueKind.Number => N(p.Value.GetDecimal()),
            JsonValueKind.Null => "NULL",
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => p.Value.GetString(),
        })))];
    }

    private List<string> Query(string sql)
    {
        var rows = new List<string>();
        using var reader = gold.Fixture.Warehouse.Reader(sql);
        while (reader.Read())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : reader.GetValue(i) switch
            {
                DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                bool b => b ? "true" : "false",
                string s => s,
                System.Numerics.BigInteger b => b.ToString(CultureInfo.InvariantCulture),
                var v => N(Convert.ToDecimal(v, CultureInfo.InvariantCulture)),
            })));
        }

        return rows;
    }

    private static string Cell(string text) => decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) ? N(m) : text.Length == 0 ? "NULL" : text;

    private static string N(decimal m) => m.ToString("0.############################", CultureInfo.InvariantCulture);

    private static string Sql(DateOnly d) => "DATE '" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";
}
