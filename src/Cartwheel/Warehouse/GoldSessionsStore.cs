using System.Globalization;
using Cartwheel.Internal;

namespace Cartwheel.Warehouse;

/// <summary>
/// The versions of gold.fact_sessions without a second copy of its rows (decision 61, replaces its row store of decision
/// 27). The builder's table <c>gold_build.fact_sessions</c> holds the current rows, each with <c>cw_from</c>, the version
/// whose build inserted it (<c>getvariable('cw_version')</c>); <c>sql/gold/fact_sessions.sql</c> moves each row it
/// deletes that an earlier version saw into <see cref="Ended"/> with <c>cw_to</c> = the deleting version. So the
/// snapshot of version N is the view of the ended rows valid at N (<c>cw_from &lt;= N &lt; cw_to</c>) and the builder's
/// rows inserted at or before N: a publish writes a view, and a build writes each changed row once.
/// </summary>
internal sealed class GoldSessionsStore(Warehouse warehouse)
{
    public const string Table = "fact_sessions";

    /// <summary>The rows a build deleted while an earlier version saw them, with the range of versions that saw them.</summary>
    public const string Ended = "fact_sessions__ended";

    /// <summary>
    /// Before the build's SQL changes the table and after it was created (in the build's transaction): a builder table from
    /// before this layout gets <c>cw_from</c> (its rows current since version 0; the versions before it read the old row
    /// store), and an ended store whose columns are not the builder's plus <c>cw_to</c> (a logic change, e.g. a rebuild
    /// whose table has other columns) is retired: the snapshots reading it become copies, and the store is dropped, to be
    /// created again by <c>sql/gold/_fact_sessions_ended.sql</c>.
    /// </summary>
    public void Prepare()
    {
        var build = GoldRowStore.Columns(warehouse, "gold_build", Table);
        if (build.Count > 0 && !build.Any(c => c.Name == "cw_from"))
        {
            warehouse.Execute($"ALTER TABLE gold_build.{Table} ADD COLUMN cw_from BIGINT DEFAULT 0");
            build.Add(("cw_from", "BIGINT"));
        }

        var ended = GoldRowStore.Columns(warehouse, "gold_v", Ended);
        if (ended.Count > 0 && build.Count > 0 && !ended.SequenceEqual(build.Append(("cw_to", "BIGINT"))))
        {
            foreach (var view in Readers())
            {
                warehouse.Execute($"CREATE TABLE gold_v.{view}__copy AS SELECT * FROM gold_v.{view}; DROP VIEW gold_v.{view}; " +
                    $"ALTER TABLE gold_v.{view}__copy RENAME TO {view}");
            }

            warehouse.Execute($"DROP TABLE gold_v.{Ended}");
        }
    }

    /// <summary>Publishes the builder's table as version <paramref name="version"/> (the view <c>gold_v.fact_sessions__vN</c>); returns its row count.</summary>
    public long Publish(long version)
    {
        // A build can republish fact_sessions without its SQL having run (e.g. its kept snapshot is missing on a warehouse
        // of the older layout): the layout is ensured here too (both steps are no-ops when it is in place).
        Prepare();
        warehouse.Execute(SqlResources.Get("gold/_fact_sessions_ended.sql"));
        // The build tagged its rows with the version it was told it would publish (GoldVersions.Upcoming): a later or
        // missing tag would hide rows from this version, so it is checked (one BIGINT column).
        if (warehouse.Scalar<long>(string.Create(CultureInfo.InvariantCulture,
                $"SELECT count(*) FROM gold_build.{Table} WHERE cw_from IS NULL OR cw_from > {version}")) > 0)
        {
            throw new CartwheelException(ErrorCodes.Internal, $"gold_build.{Table} holds rows of a version after {version}: the build's cw_version was not the published version.");
        }

        var list = string.Join(", ", GoldRowStore.Columns(warehouse, "gold_build", Table).Where(c => c.Name != "cw_from").Select(c => GoldRowStore.Quote(c.Name)));
        warehouse.Execute(string.Create(CultureInfo.InvariantCulture,
            $"CREATE OR REPLACE VIEW gold_v.{GoldVersions.Physical(Table, version)} AS SELECT {list} FROM gold_v.{Ended} " +
            $"WHERE cw_from <= {version} AND cw_to > {version} UNION ALL SELECT {list} FROM gold_build.{Table} WHERE cw_from <= {version}"));
        return warehouse.Scalar<long>($"SELECT count(*) FROM gold_build.{Table}");
    }

    /// <summary>Deletes the ended rows no kept snapshot sees (ended at or before <paramref name="oldestKept"/>; all when none is kept).</summary>
    public void Prune(long? oldestKept)
    {
        if (GoldRowStore.Columns(warehouse, "gold_v", Ended).Count > 0)
        {
            warehouse.Execute(oldestKept is { } oldest
                ? string.Create(CultureInfo.InvariantCulture, $"DELETE FROM gold_v.{Ended} WHERE cw_to <= {oldest}")
                : $"DELETE FROM gold_v.{Ended}");
        }
    }

    /// <summary>
    /// Drops the builder's table (a rebuild): in one transaction, its rows are ended at the version after every
    /// published one and the snapshots reading it read the ended rows alone, so they keep their rows while the
    /// builder's table is gone or has other columns. Inside the caller's transaction when
    /// <paramref name="inTransaction"/> (<see cref="GoldBuilder.Drop"/> drops every builder table in one).
    /// </summary>
    public void Drop(bool inTransaction = false)
    {
        if (GoldRowStore.Columns(warehouse, "gold_build", Table).Count == 0)
        {
            return;
        }

        if (!inTransaction)
        {
            warehouse.Execute("BEGIN TRANSACTION");
        }

        try
        {
            Prepare();
            var next = 1 + (GoldRowStore.Columns(warehouse, "gold_v", "cw_snapshots").Count == 0 ? 0
                : warehouse.Scalar<long>("SELECT coalesce(max(version), 0) FROM gold_v.cw_snapshots"));
            if (GoldRowStore.Columns(warehouse, "gold_v", Ended).Count > 0)
            {
                warehouse.Execute(string.Create(CultureInfo.InvariantCulture,
                    $"INSERT INTO gold_v.{Ended} SELECT *, {next} FROM gold_build.{Table} WHERE cw_from < {next}"));
                foreach (var view in Readers())
                {
                    var version = long.Parse(view[(view.LastIndexOf("__v", StringComparison.Ordinal) + 3)..], NumberStyles.None, CultureInfo.InvariantCulture);
                    var list = string.Join(", ", GoldRowStore.Columns(warehouse, "gold_v", view).Select(c => GoldRowStore.Quote(c.Name)));
                    warehouse.Execute(string.Create(CultureInfo.InvariantCulture,
                        $"CREATE OR REPLACE VIEW gold_v.{view} AS SELECT {list} FROM gold_v.{Ended} WHERE cw_from <= {version} AND cw_to > {version}"));
                }
            }

            warehouse.Execute($"DROP TABLE gold_build.{Table}");
            if (!inTransaction)
            {
                warehouse.Execute("COMMIT");
            }
        }
        catch when (!inTransaction)
        {
            warehouse.Execute("ROLLBACK");
            throw;
        }
    }

    /// <summary>The snapshot views of fact_sessions that read the ended rows.</summary>
    private List<string> Readers() => warehouse.Strings(
        $"SELECT view_name FROM duckdb_views() WHERE schema_name = 'gold_v' AND starts_with(view_name, '{Table}__v') AND contains(sql, 'gold_v.{Ended}')");
}
