using System.Globalization;
using System.Text.RegularExpressions;
using Cartwheel.Internal;

namespace Cartwheel.Reports;

/// <summary>
/// Reads a report's tables from the published gold marts (<c>sql/reports/*.sql</c>), so every number in a report is a
/// mart's number: KPIs with the previous period, the daily revenue trend, top products, sales by category, country
/// and channel, the funnel and channel attribution.
/// </summary>
public static partial class ReportBuilder
{
    /// <summary>The most rows one report table may have.</summary>
    public const int MaxRows = 100_000;

    public static ReportData Build(Warehouse.Warehouse warehouse, ReportPeriod period) =>
        Build(sql => Warehouse.ReadOnlyQuery.Execute(warehouse, sql, MaxRows), period);

    /// <summary>
    /// Builds the report with <paramref name="query"/> running each read-only SELECT (on a local warehouse, or through the
    /// server that holds it): the period's values are bound into the SQL as literals in place of <c>getvariable('cw_…')</c>.
    /// </summary>
    public static ReportData Build(Func<string, Warehouse.QueryResult> query, ReportPeriod period)
    {
        var previous = period.Previous();
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["cw_grain"] = Warehouse.Warehouse.Literal(period.Grain),
            ["cw_start"] = Date(period.Start),
            ["cw_end"] = Date(period.End),
            ["cw_prev_start"] = Date(previous.Start),
            ["cw_prev_end"] = Date(previous.End),
        };
        var tables = new List<ReportTable>
        {
            Query(query, variables, "kpis", "Key figures", "kpis"),
            Query(query, variables, "revenue_trend", "Revenue by day", "revenue_trend"),
        };
        foreach (var (dimension, title) in new[] { ("product", "Top products"), ("category", "Sales by category"), ("country", "Sales by country"), ("channel", "Sales by channel") })
        {
            variables["cw_dimension"] = Warehouse.Warehouse.Literal(dimension);
            tables.Add(Query(query, variables, dimension == "product" ? "top_products" : $"sales_by_{dimension}", title, "sales_by"));
        }

        tables.Add(Query(query, variables, "funnel", "Conversion funnel", "funnel"));
        tables.Add(Query(query, variables, "attribution", "Revenue attribution by channel", "attribution"));
        return new ReportData(period, DateTimeOffset.UtcNow, tables);
    }

    private static ReportTable Query(Func<string, Warehouse.QueryResult> query, Dictionary<string, string> variables, string name, string title, string sql)
    {
        var bound = Variable().Replace(SqlResources.Get($"reports/{sql}.sql"), m => variables.TryGetValue(m.Groups[1].Value, out var literal)
            ? literal
            : throw new CartwheelException(ErrorCodes.Internal, $"reports/{sql}.sql uses the unknown variable {m.Groups[1].Value}."));
        var result = query(bound);
        return new ReportTable(name, title, result.Columns, result.Rows);
    }

    private static string Date(DateOnly date) => string.Create(CultureInfo.InvariantCulture, $"DATE '{date:yyyy-MM-dd}'");

    [GeneratedRegex(@"getvariable\('(cw_[a-z_]+)'\)")]
    private static partial Regex Variable();
}
