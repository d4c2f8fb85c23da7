using System.Globalization;
using Cartwheel.Internal;

namespace Cartwheel.Warehouse;

/// <summary>
/// Refreshes the gold tables from the silver views in one transaction: dimensions rebuilt in full,
/// facts replaced for a date range (DELETE + INSERT), each from <c>sql/gold/&lt;table&gt;.sql</c>.
/// </summary>
internal sealed class GoldBuilder(Warehouse warehouse)
{
    /// <summary>Dimensions, rebuilt from all of silver on every refresh (small).</summary>
    public static IReadOnlyList<string> Dimensions { get; } = ["dim_date", "dim_user", "dim_product"];

    /// <summary>Facts, replaced per date; in dependency order (daily_sales reads fact_sales).</summary>
    public static IReadOnlyList<string> Facts { get; } = ["fact_sales", "daily_sales", "user_session_analysis"];

    public static IEnumerable<string> Tables => Dimensions.Concat(Facts);

    /// <summary>Rebuilds the dimensions and replaces the facts of <paramref name="from"/>..<paramref name="to"/> (none when null).</summary>
    public void Refresh(DateOnly? from, DateOnly? to)
    {
        // An empty range (from > to) still creates the fact tables.
        var first = from ?? new DateOnly(1970, 1, 2);
        var last = to ?? new DateOnly(1970, 1, 1);
        warehouse.Execute(string.Create(CultureInfo.InvariantCulture,
            $"SET VARIABLE cw_from = DATE '{first:yyyy-MM-dd}'; SET VARIABLE cw_to = DATE '{last:yyyy-MM-dd}'; " +
            $"SET VARIABLE cw_data_version = {Warehouse.Literal(PipelineRunner.LogicVersion)};"));
        warehouse.Execute("BEGIN TRANSACTION");
        try
        {
            foreach (var table in Tables)
            {
                warehouse.Execute(SqlResources.Get($"gold/{table}.sql"));
            }

            warehouse.Execute("COMMIT");
        }
        catch
        {
            warehouse.Execute("ROLLBACK");
            throw;
        }
    }

    /// <summary>Drops every gold table (before a full rebuild).</summary>
    public void Drop()
    {
        foreach (var table in Tables)
        {
            warehouse.Execute($"DROP TABLE IF EXISTS gold.{table}");
        }
    }

    public IReadOnlyList<GoldTableReport> Counts() =>
        Tables.Select(t => new GoldTableReport(t, warehouse.Scalar<long>($"SELECT count(*) FROM gold.{t}"))).ToList();
}
