using System.Globalization;

namespace Cartwheel.Warehouse;

/// <summary>
/// The change-only publish (decision 40). The fact SQL of the row-store tables changes a build by DELETE + INSERT
/// (never UPDATE, which <c>GoldRowStoreTests</c> checks), and DuckDB numbers the rows a transaction inserts above every
/// row id the table had when it began. So the rows of the build above its <see cref="Watermarks"/> are all the rows
/// that may differ from the last publish: only they are hashed; a current stored row with the key (<see cref="Keys"/>)
/// of one of them and another hash is closed, and those of them whose hash is not current are inserted. A row the build
/// deleted without inserting its key again is not seen: then the store holds more current rows than the build, and the
/// publish is undone and made by the full diff instead (so is any build whose new rows share a key with each other or
/// with a kept row).
/// </summary>
internal sealed partial class GoldRowStore
{
    /// <summary>The change-only publish is tried when at most one row in this many of the build is new.</summary>
    private const long MinShare = 8;

    /// <summary>The grain of each row-store table: the columns whose values identify one row of a build.</summary>
    public static IReadOnlyDictionary<string, string[]> Keys { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["fact_inventory_daily"] = ["date", "product_id", "warehouse_id"],
    };

    /// <summary>
    /// The highest row id of each row-store table of the builder, read in the build's transaction before the build
    /// changes them (a table that does not exist yet has none: its publish diffs in full).
    /// </summary>
    public static Dictionary<string, long> Watermarks(Warehouse warehouse)
    {
        var existing = warehouse.Strings("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'gold_build'").ToHashSet(StringComparer.Ordinal);
        return Tables.Where(existing.Contains).ToDictionary(t => t, t => warehouse.Scalar<long>($"SELECT coalesce(max(rowid), -1) FROM gold_build.{t}"),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// Publishes the build's rows above <paramref name="watermark"/> as the changes of version <paramref name="version"/>;
    /// false, with the store as it was, when the result would not hold exactly the build's <paramref name="rows"/>.
    /// </summary>
    private bool TryPublishChanges(string table, long version, long watermark, string hash, long rows)
    {
        var rowsTable = RowsTable(table);
        var keys = string.Join(", ", Keys[table].Select(Quote));
        var match = string.Join(" AND ", Keys[table].Select(c => $"s.{Quote(c)} IS NOT DISTINCT FROM p.{Quote(c)}"));
        if (warehouse.Scalar<long>(string.Create(CultureInfo.InvariantCulture, $"SELECT count(*) FROM gold_build.{table} WHERE rowid > {watermark}")) * MinShare > rows)
        {
            // Much of the table is new (fact_inventory_daily re-inserts whole dates): the full diff costs less than these joins.
            return false;
        }

        warehouse.Execute(string.Create(CultureInfo.InvariantCulture,
            $"CREATE OR REPLACE TEMP TABLE cw_publish AS SELECT *, {hash} AS cw_hash FROM gold_build.{table} WHERE rowid > {watermark}"));
        try
        {
            // Each new row's key is held by no other row of the build (the grain), else the full diff decides. The joins
            // below build their hash tables on the new rows (the right side of a semi join), not on the table.
            var inserted = warehouse.Scalar<long>("SELECT count(*) FROM cw_publish");
            if (warehouse.Scalar<long>($"SELECT count(*) FROM (SELECT DISTINCT {keys} FROM cw_publish)") != inserted
                || warehouse.Scalar<long>($"SELECT count(*) FROM gold_build.{table} AS s SEMI JOIN cw_publish AS p ON {match}") != inserted)
            {
                return false;
            }

            warehouse.Execute(string.Create(CultureInfo.InvariantCulture,
                $"UPDATE gold_v.{rowsTable} AS s SET cw_to = {version} FROM cw_publish AS p WHERE s.cw_to IS NULL AND {match} AND s.cw_hash <> p.cw_hash"));
            warehouse.Execute(string.Create(CultureInfo.InvariantCulture,
                $"INSERT INTO gold_v.{rowsTable} SELECT p.*, {version}, NULL FROM cw_publish AS p WHERE p.cw_hash NOT IN " +
                $"(SELECT s.cw_hash FROM gold_v.{rowsTable} AS s SEMI JOIN cw_publish AS q ON q.cw_hash = s.cw_hash WHERE s.cw_to IS NULL AND s.cw_from < {version})"));
            if (warehouse.Scalar<long>($"SELECT count(*) FROM gold_v.{rowsTable} WHERE cw_to IS NULL") == rows)
            {
                return true;
            }

            warehouse.Execute(string.Create(CultureInfo.InvariantCulture,
                $"DELETE FROM gold_v.{rowsTable} WHERE cw_from = {version}; UPDATE gold_v.{rowsTable} SET cw_to = NULL WHERE cw_to = {version}"));
            return false;
        }
        finally
        {
            warehouse.Execute("DROP TABLE IF EXISTS cw_publish");
        }
    }
}
