using System.Globalization;
using Cartwheel.Catalog;

namespace Cartwheel.Warehouse;

/// <summary>
/// Versioned gold: a build's changed tables are copied to <c>gold_v.&lt;table&gt;__v&lt;N&gt;</c> (the snapshot of version N),
/// the large ones (<see cref="GoldRowStore.Tables"/>) are written copy-on-write to a row store whose view of version N is that name;
/// an unchanged table's new version shares the snapshot of the version that last changed it (no copy), and a projection
/// (<see cref="GoldBuilder.Projections"/>) is a view of its source's snapshot of the same build (no copy either). The mapping
/// version → snapshot is <c>gold_v.cw_snapshots</c>, written in the build's transaction with the views
/// <c>gold.&lt;table&gt;</c> re-pointed, so readers switch atomically and a reader's transaction keeps its snapshot
/// (DuckDB MVCC). The catalog's <c>gold_versions</c> lists the kept versions; the last
/// <see cref="GoldOptions.KeepVersions"/> (and the current one) are kept, and a snapshot is dropped once no kept
/// version uses it.
/// </summary>
public sealed partial class GoldVersions(Warehouse warehouse, CatalogStore catalog, GoldOptions options)
{
    /// <summary>What one publish wrote: the build's version number and, per table, its row count and snapshot.</summary>
    internal sealed record Published(long Version, string RunId, DateTimeOffset CreatedAt, IReadOnlyList<(string Table, long Rows, long Snapshot)> Tables);

    /// <summary>
    /// Makes version N (the candidate) without re-pointing the views: the builder's tables in <paramref name="changed"/>
    /// (and those whose snapshot is gone) are copied, or written to their row store (<see cref="GoldRowStore"/>), the
    /// others share <paramref name="unchanged"/>'s snapshot. Readers still see the previous version while the quality
    /// gate checks the candidate. Call inside an open transaction. <paramref name="timings"/> gets each written table's
    /// publish time (as <c>publish &lt;table&gt;</c>). <paramref name="watermarks"/>: the row-store tables' row ids before
    /// the build (<see cref="GoldRowStore.Watermarks"/>), so that their publish diffs only the rows the build inserted.
    /// </summary>
    internal Published Stage(IReadOnlyList<string> tables, IReadOnlySet<string> changed, Func<string, (long Snapshot, long Rows)?> unchanged, string runId,
        Action<string, TimeSpan>? timings = null, IReadOnlyDictionary<string, long>? watermarks = null, long? expected = null)
    {
        EnsureMapping();
        var version = NextVersion();
        if (expected is { } tagged && tagged != version)
        {
            // fact_sessions' rows were tagged with the version the build was told it would publish (Upcoming): publishing
            // another one would give the versions in between rows they never had (review of decision 61).
            throw new CartwheelException(ErrorCodes.Internal, $"The gold build tagged its rows with version {tagged} but would publish version {version}.");
        }

        var physical = PhysicalTables();
        var store = new GoldRowStore(warehouse);
        // The row stores there are (one catalog query, not one per written table).
        var stores = warehouse.Strings("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'gold_v' AND ends_with(table_name, '__rows')")
            .ToHashSet(StringComparer.Ordinal);
        var rows = new List<(string, long, long)>();
        foreach (var table in tables)
        {
            // A projection changes exactly when the version of its source does (it is written after the source).
            var source = GoldBuilder.Projections.TryGetValue(table, out var name) ? rows.Single(r => r.Item1 == name) : default;
            var isChanged = source.Item1 is null ? changed.Contains(table) : source.Item3 == version;
            if (!isChanged && unchanged(table) is { } kept && physical.Contains(Physical(table, kept.Snapshot)))
            {
                rows.Add((table, kept.Rows, kept.Snapshot));
                continue;
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            rows.Add((table, source.Item1 is null
                ? Write(store, stores, table, version, watermarks is not null && watermarks.TryGetValue(table, out var since) ? since : null)
                : WriteProjection(store, stores, table, version, source), version));
            timings?.Invoke("publish " + table, clock.Elapsed);
        }

        warehouse.Execute("INSERT INTO gold_v.cw_snapshots VALUES " + string.Join(", ", rows.Select(r =>
            string.Create(CultureInfo.InvariantCulture, $"({Warehouse.Literal(r.Item1)}, {version}, {r.Item3})"))));
        return new Published(version, runId, DateTimeOffset.UtcNow, rows);
    }

    /// <summary>Writes the snapshot of version N of a table (its row store's view, or a copy); returns its row count.</summary>
    private long Write(GoldRowStore store, HashSet<string> stores, string table, long version, long? watermark)
    {
        if (table == GoldSessionsStore.Table)
        {
            // Its row store from before GoldSessionsStore: ended, then pruned until no kept version reads it.
            if (stores.Contains(GoldRowStore.RowsTable(table)))
            {
                store.CloseAll(table, version);
            }

            return new GoldSessionsStore(warehouse).Publish(version);
        }

        if (GoldRowStore.Tables.Contains(table) && store.TryPublish(table, version, watermark, out var published))
        {
            return published;
        }

        if (stores.Contains(GoldRowStore.RowsTable(table)))
        {
            store.CloseAll(table, version);
        }

        warehouse.Execute($"CREATE OR REPLACE TABLE gold_v.{Physical(table, version)} AS SELECT * FROM gold_build.{table}");
        return warehouse.Scalar<long>($"SELECT count(*) FROM gold_v.{Physical(table, version)}");
    }

    /// <summary>
    /// Writes the snapshot of version N of a projection (<see cref="GoldBuilder.Projections"/>) as a view of its source's
    /// snapshot of the same build, recorded in <c>gold_v.cw_projections</c> so that pruning keeps that snapshot while the
    /// projection's is kept; returns the source's row count. A projection whose columns are not all the source's (same
    /// name and type) is copied instead. A row store the table had before it was a projection gets its current rows ended.
    /// </summary>
    private long WriteProjection(GoldRowStore store, HashSet<string> stores, string table, long version, (string Table, long Rows, long Snapshot) source)
    {
        if (stores.Contains(GoldRowStore.RowsTable(table)))
        {
            store.CloseAll(table, version);
        }

        var columns = GoldRowStore.Columns(warehouse, "gold_build", table);
        var available = GoldRowStore.Columns(warehouse, "gold_build", source.Table).ToHashSet();
        if (columns.Count == 0 || !columns.All(available.Contains))
        {
            warehouse.Execute($"CREATE OR REPLACE TABLE gold_v.{Physical(table, version)} AS SELECT * FROM gold_build.{table}");
            return warehouse.Scalar<long>($"SELECT count(*) FROM gold_v.{Physical(table, version)}");
        }

        EnsureProjections();
        warehouse.Execute(string.Create(CultureInfo.InvariantCulture,
            $"CREATE OR REPLACE VIEW gold_v.{Physical(table, version)} AS SELECT {string.Join(", ", columns.Select(c => GoldRowStore.Quote(c.Name)))} " +
            $"FROM gold_v.{Physical(source.Table, source.Snapshot)}; " +
            $"INSERT INTO gold_v.cw_projections VALUES ({Warehouse.Literal(table)}, {version}, {Warehouse.Literal(source.Table)}, {source.Snapshot})"));
        return source.Rows;
    }

    /// <summary>Re-points the views <c>gold.&lt;table&gt;</c> at a staged version (the atomic swap at commit). Call inside the same transaction.</summary>
    internal void Point(Published staged)
    {
        var legacy = warehouse.Strings("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'gold'").ToHashSet(StringComparer.Ordinal);
        foreach (var (table, _, snapshot) in staged.Tables)
        {
            if (legacy.Contains(table))
            {
                // A warehouse from before versioning held gold tables where the views now go.
                warehouse.Execute($"DROP TABLE gold.{table}");
            }

            warehouse.Execute($"CREATE OR REPLACE VIEW gold.{table} AS SELECT * FROM gold_v.{Physical(table, snapshot)}");
        }
    }

    /// <summary>Maps <c>gold.&lt;table&gt;</c> of a staged version to its physical table (other names unchanged): the gate's resolver.</summary>
    internal static Func<string, string> Resolver(Published staged)
    {
        var tables = staged.Tables.ToDictionary(t => t.Table, t => t.Snapshot, StringComparer.Ordinal);
        return name => name.StartsWith("gold.", StringComparison.Ordinal) && tables.TryGetValue(name[5..], out var snapshot)
            ? $"gold_v.{Physical(name[5..], snapshot)}" : name;
    }

    /// <summary>After the commit: records the versions in the catalog and drops what is past retention.</summary>
    internal void Record(Published published)
    {
        catalog.AddGoldVersions(published.Tables.Select(t =>
            new GoldVersion(t.Table, published.Version, published.CreatedAt, published.RunId, t.Rows, IsCurrent: true)).ToList());
        Prune();
    }

    /// <summary>The kept versions of a table (or all tables), newest first, as the catalog lists them.</summary>
    public IReadOnlyList<GoldVersion> History(string? table = null) => catalog.ListGoldVersions(table);

    /// <summary>Points readers of <c>gold.&lt;table&gt;</c> at a kept version (atomically); the next build publishes a new one.</summary>
    public void Rollback(string table, long version)
    {
        var kept = catalog.ListGoldVersions(table);
        if (kept.Count == 0)
        {
            throw new CartwheelException(ErrorCodes.InvalidArgument, $"'{table}' is not a published gold table.");
        }

        var snapshots = Snapshots();
        var snapshot = snapshots.GetValueOrDefault((table, version), version);
        if (!kept.Any(v => v.Version == version) || !PhysicalTables().Contains(Physical(table, snapshot)))
        {
            throw new CartwheelException(ErrorCodes.InvalidArgument,
                $"Version {version} of {table} is not kept (kept: {string.Join(", ", kept.Select(v => v.Version))}).");
        }

        warehouse.Execute("BEGIN TRANSACTION");
        try
        {
            warehouse.Execute($"CREATE OR REPLACE VIEW gold.{table} AS SELECT * FROM gold_v.{Physical(table, snapshot)}");
            warehouse.Execute("COMMIT");
        }
        catch
        {
            warehouse.Execute("ROLLBACK");
            throw;
        }

        catalog.SetCurrentGoldVersion(table, version);
    }

    /// <summary>The version the next <see cref="Stage"/> publishes (call inside the build's transaction, before the build).</summary>
    internal long Upcoming()
    {
        EnsureMapping();
        return NextVersion();
    }

    internal static string Physical(string table, long version) => string.Create(CultureInfo.InvariantCulture, $"{table}__v{version}");

    private const string MappingTable = "cw_snapshots";

    private void EnsureMapping() =>
        warehouse.Execute("CREATE TABLE IF NOT EXISTS gold_v.cw_snapshots (table_name VARCHAR, version BIGINT, snapshot BIGINT)");

    /// <summary>Which snapshot of its source each projection snapshot (a view) reads.</summary>
    private void EnsureProjections() => warehouse.Execute(
        "CREATE TABLE IF NOT EXISTS gold_v.cw_projections (table_name VARCHAR, snapshot BIGINT, source_table VARCHAR, source_snapshot BIGINT)");

    /// <summary>The snapshot of each (table, version) that shares one; a version without a row is its own snapshot (builds before sharing).</summary>
    private Dictionary<(string, long), long> Snapshots()
    {
        EnsureMapping();
        var map = new Dictionary<(string, long), long>();
        using var reader = warehouse.Reader("SELECT table_name, version, snapshot FROM gold_v.cw_snapshots");
        while (reader.Read())
        {
            map[(reader.GetString(0), reader.GetInt64(1))] = reader.GetInt64(2);
        }

        return map;
    }

    /// <summary>The snapshots (copied tables and row store views) and the mapping table; not the row stores themselves.</summary>
    private HashSet<string> PhysicalTables() =>
        warehouse.Strings("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'gold_v' AND NOT ends_with(table_name, '__rows') AND NOT ends_with(table_name, '__ended') " +
            "AND table_name <> 'cw_projections' " +
            "UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'gold_v'").ToHashSet(StringComparer.Ordinal);

    /// <summary>One more than the highest version the catalog or the warehouse knows (they differ after a crash or a deleted warehouse).</summary>
    private long NextVersion()
    {
        var fromCatalog = catalog.ListGoldVersions().Select(v => v.Version).DefaultIfEmpty(0).Max();
        var fromWarehouse = PhysicalTables().Where(n => n != MappingTable).Select(n => long.TryParse(n[(n.LastIndexOf("__v", StringComparison.Ordinal) + 3)..],
            NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0).DefaultIfEmpty(0).Max();
        var fromMapping = warehouse.Scalar<long>("SELECT coalesce(max(version), 0) FROM gold_v.cw_snapshots");
        return Math.Max(Math.Max(fromCatalog, fromWarehouse), fromMapping) + 1;
    }
}
