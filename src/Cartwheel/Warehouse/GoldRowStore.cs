using System.Globalization;

namespace Cartwheel.Warehouse;

/// <summary>
/// Copy-on-write publishing of the large gold tables (<see cref="Tables"/>): <c>gold_v.&lt;table&gt;__rows</c> holds
/// every row version with the range of gold versions it is valid in, <c>[cw_from, cw_to)</c> (<c>cw_to</c> NULL while
/// current), and a 64-bit hash of the row (<c>cw_hash</c>); the snapshot of version N is the view
/// <c>gold_v.&lt;table&gt;__vN</c> of the rows valid at N, projecting the table's columns. A publish diffs the build
/// against the current rows by hash: rows whose hash the build no longer has are closed (<c>cw_to = N</c>), rows whose
/// hash is not current are inserted from the build (<c>cw_from = N</c>), so it writes what changed instead of copying
/// the table. Two different rows with one hash (probability ~ changed × current rows / 2^64 per publish, about 5e-8
/// for a 10M-event day) would keep the old row: accepted (docs/decisions.md). Every table here has a unique grain
/// (date × product × warehouse), so a build never holds two equal rows; a publish that leaves another number
/// of current rows than the build has falls back to closing and inserting everything.
/// </summary>
internal sealed partial class GoldRowStore(Warehouse warehouse)
{
    /// <summary>
    /// The tables published through the row store (fact_sessions has its own, <see cref="GoldSessionsStore"/>; the others
    /// are copied whole when they change). A store of another table (fact_sessions' and user_session_analysis' before
    /// they left it) is ended at their next publish and pruned until no kept version reads it.
    /// </summary>
    public static IReadOnlySet<string> Tables { get; } =
        new HashSet<string>(["fact_inventory_daily"], StringComparer.Ordinal);

    public static string RowsTable(string table) => table + "__rows";

    /// <summary>Whether the last <see cref="TryPublish"/> diffed only the rows the build inserted (<see cref="TryPublishChanges"/>).</summary>
    public bool ChangesOnly { get; private set; }

    /// <summary>
    /// Publishes <c>gold_build.&lt;table&gt;</c> as version <paramref name="version"/> (the view <c>gold_v.&lt;table&gt;__v&lt;N&gt;</c>)
    /// and returns its row count; false when the row store's columns differ from the build's (the caller copies the
    /// table instead, after <see cref="CloseAll"/>). With the table's <paramref name="watermark"/> (<see cref="Watermarks"/>)
    /// only the rows the build inserted are diffed, when that gives the build (<see cref="TryPublishChanges"/>).
    /// Call inside the build's transaction.
    /// </summary>
    public bool TryPublish(string table, long version, long? watermark, out long rows)
    {
        var columns = Columns(warehouse, "gold_build", table);
        var rowsTable = RowsTable(table);
        var stored = Columns(warehouse, "gold_v", rowsTable);
        if (stored.Count == 0)
        {
            warehouse.Execute($"CREATE TABLE gold_v.{rowsTable} AS SELECT *, CAST(0 AS UBIGINT) AS cw_hash, CAST(0 AS BIGINT) AS cw_from, " +
                $"CAST(NULL AS BIGINT) AS cw_to FROM gold_build.{table} WITH NO DATA");
        }
        else if (!stored.SequenceEqual(columns.Concat([("cw_hash", "UBIGINT"), ("cw_from", "BIGINT"), ("cw_to", "BIGINT")])))
        {
            rows = 0;
            return false;
        }

        ChangesOnly = false;
        var list = string.Join(", ", columns.Select(c => Quote(c.Name)));
        var hash = $"hash({list})";
        rows = warehouse.Scalar<long>($"SELECT count(*) FROM gold_build.{table}");
        var insertAll = string.Create(CultureInfo.InvariantCulture, $"INSERT INTO gold_v.{rowsTable} SELECT *, {hash}, {version}, NULL FROM gold_build.{table}");
        if (warehouse.Scalar<long>($"SELECT count(*) FROM gold_v.{rowsTable} WHERE cw_to IS NULL") == 0)
        {
            // Nothing current (the first publish): no diff to make.
            warehouse.Execute(insertAll);
        }
        else if (watermark is { } since && TryPublishChanges(table, version, since, hash, rows))
        {
            ChangesOnly = true;
        }
        else
        {
            warehouse.Execute(string.Create(CultureInfo.InvariantCulture,
                $"UPDATE gold_v.{rowsTable} SET cw_to = {version} WHERE cw_to IS NULL AND cw_hash NOT IN (SELECT {hash} FROM gold_build.{table})"));
            // From the build straight into the store: the new rows are written once, never staged.
            warehouse.Execute(string.Create(CultureInfo.InvariantCulture,
                $"INSERT INTO gold_v.{rowsTable} SELECT b.*, {version}, NULL FROM (SELECT *, {hash} AS cw_hash FROM gold_build.{table}) AS b " +
                $"ANTI JOIN (SELECT cw_hash FROM gold_v.{rowsTable} WHERE cw_to IS NULL AND cw_from < {version}) AS c ON c.cw_hash = b.cw_hash"));
            if (warehouse.Scalar<long>($"SELECT count(*) FROM gold_v.{rowsTable} WHERE cw_to IS NULL") != rows)
            {
                CloseAll(table, version);
                warehouse.Execute(insertAll);
            }
        }

        warehouse.Execute(string.Create(CultureInfo.InvariantCulture,
            $"CREATE OR REPLACE VIEW gold_v.{GoldVersions.Physical(table, version)} AS SELECT {list} FROM gold_v.{rowsTable} " +
            $"WHERE cw_from <= {version} AND (cw_to IS NULL OR cw_to > {version})"));
        return true;
    }

    /// <summary>
    /// Ends every current row at <paramref name="version"/> and removes the rows that version inserted, before the
    /// version is written whole (a copy, or the fallback's full insert); nothing when the table has no store.
    /// </summary>
    public void CloseAll(string table, long version)
    {
        if (Columns(warehouse, "gold_v", RowsTable(table)).Count > 0)
        {
            warehouse.Execute(string.Create(CultureInfo.InvariantCulture,
                $"DELETE FROM gold_v.{RowsTable(table)} WHERE cw_from = {version}; UPDATE gold_v.{RowsTable(table)} SET cw_to = {version} WHERE cw_to IS NULL"));
        }
    }

    /// <summary>
    /// Deletes the row versions no kept snapshot sees (ended at or before <paramref name="oldestKept"/>, the oldest
    /// snapshot a kept version uses; every ended row when none is kept); drops the store when it is left empty and no
    /// snapshot view reads it (a table that became a projection has views of its name that read another table).
    /// </summary>
    public void Prune(string table, long? oldestKept)
    {
        var rowsTable = RowsTable(table);
        if (Columns(warehouse, "gold_v", rowsTable).Count == 0)
        {
            return;
        }

        warehouse.Execute(oldestKept is { } oldest
            ? string.Create(CultureInfo.InvariantCulture, $"DELETE FROM gold_v.{rowsTable} WHERE cw_to <= {oldest}")
            : $"DELETE FROM gold_v.{rowsTable} WHERE cw_to IS NOT NULL");
        if (warehouse.Scalar<long>($"SELECT count(*) FROM gold_v.{rowsTable}") == 0 && warehouse.Scalar<long>(
                $"SELECT count(*) FROM duckdb_views() WHERE schema_name = 'gold_v' AND contains(sql, {Warehouse.Literal("gold_v." + rowsTable)})") == 0)
        {
            warehouse.Execute($"DROP TABLE gold_v.{rowsTable}");
        }
    }

    /// <summary>The columns of a table or view, in order, with their types.</summary>
    internal static List<(string Name, string Type)> Columns(Warehouse warehouse, string schema, string table)
    {
        var columns = new List<(string, string)>();
        using var reader = warehouse.Reader($"SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = {Warehouse.Literal(schema)} " +
            $"AND table_name = {Warehouse.Literal(table)} ORDER BY column_index");
        while (reader.Read())
        {
            columns.Add((reader.GetString(0), reader.GetString(1)));
        }

        return columns;
    }

    internal static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
