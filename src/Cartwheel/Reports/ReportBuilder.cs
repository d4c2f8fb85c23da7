using System.Globalization;
using Cartwheel.Internal;

namespace Cartwheel.Reports;

/// <summary>
/// Reads a report's tables from the published gold marts (<c>sql/reports/*.sql</c>), so every number in a report is a
/// mart's number: KPIs with the previous period, the daily revenue trend, top products, sales by category, country
/// and channel, the funnel and channel attribution.
/// </summary>
public static class ReportBuilder
{
    public static ReportData Build(Warehouse.Warehouse warehouse, ReportPeriod period)
    {
        var previous = period.Previous();
        warehouse.Execute(string.Create(CultureInfo.InvariantCulture,
            $"SET VARIABLE cw_grain = '{period.Grain}'; SET VARIABLE cw_start = DATE '{period.Start:yyyy-MM-dd}'; " +
            $"SET VARIABLE cw_end = DATE '{period.End:yyyy-MM-dd}'; SET VARIABLE cw_prev_start = DATE '{previous.Start:yyyy-MM-dd}'; " +
            $"SET VARIABLE cw_prev_end = DATE '{previous.End:yyyy-MM-dd}';"));
        var tables = new List<ReportTable>
        {
            Query(warehouse, "kpis", "Key figures", "kpis"),
            Query(warehouse, "revenue_trend", "Revenue by day", "revenue_trend"),
        };
        foreach (var (dimension, title) in new[] { ("product", "Top products"), ("category", "Sales by category"), ("country", "Sales by country"), ("channel", "Sales by channel") })
        {
            warehouse.Execute($"SET VARIABLE cw_dimension = '{dimension}'");
            tables.Add(Query(warehouse, dimension == "product" ? "top_products" : $"sales_by_{dimension}", title, "sales_by"));
        }

        tables.Add(Query(warehouse, "funnel", "Conversion funnel", "funnel"));
        tables.Add(Query(warehouse, "attribution", "Revenue attribution by channel", "attribution"));
        return new ReportData(period, DateTimeOffset.UtcNow, tables);
    }

    private static ReportTable Query(Warehouse.Warehouse warehouse, string name, string title, string sql)
    {
        var result = Warehouse.ReadOnlyQuery.Execute(warehouse, SqlResources.Get($"reports/{sql}.sql"), maxRows: 100_000);
        return new ReportTable(name, title, result.Columns, result.Rows);
    }
}
