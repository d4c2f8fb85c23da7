using System.Globalization;
using Cartwheel.Catalog;

namespace Cartwheel.Warehouse;

/// <summary>
/// Versioned gold: a build's tables are copied to <c>gold_v.&lt;table&gt;__v&lt;N&gt;</c> and the views
/// <c>gold.&lt;table&gt;</c> re-pointed inside the build's transaction, so readers switch atomically and a reader's
/// transaction keeps its snapshot (DuckDB MVCC). The catalog's <c>gold_versions</c> lists the kept versions;
/// the last <see cref="GoldOptions.KeepVersions"/> (and the current one) are kept.
/// </summary>
public sealed class GoldVersions(Warehouse warehouse, CatalogStore catalog, GoldOptions options)
{
    /// <summary>What one publish wrote: the build's version number and the row count per table.</summary>
    internal sealed record Published(long Version, string RunId, DateTimeOffset CreatedAt, IReadOnlyList<(string Table, long Rows)> Tables);

    /// <summary>
    /// Copies the builder's tables into version N (the candidate) without re-pointing the views: readers still see the
    /// previous version while the quality gate checks the candidate. Call inside an open transaction.
    /// </summary>
    internal Published Stage(IReadOnlyList<string> tables, string runId)
    {
        var version = NextVersion();
        var rows = new List<(string, long)>();
        foreach (var table in tables)
        {
            warehouse.Execute($"CREATE OR REPLACE TABLE gold_v.{Physical(table, version)} AS SELECT * FROM gold_build.{table}");
            rows.Add((table, warehouse.Scalar<long>($"SELECT count(*) FROM gold_v.{Physical(table, version)}")));
        }

        return new Published(version, runId, DateTimeOffset.UtcNow, rows);
    }

    /// <summary>Re-points the views <c>gold.&lt;table&gt;</c> at a staged version (the atomic swap at commit). Call inside the same transaction.</summary>
    internal void Point(Published staged)
    {
        var legacy = warehouse.Strings("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'gold'").ToHashSet(StringComparer.Ordinal);
        foreach (var (table, _) in staged.Tables)
        {
            if (legacy.Contains(table))
            {
                // A warehouse from before versioning held gold tables where the views now go.
                warehouse.Execute($"DROP TABLE gold.{table}");
            }

            warehouse.Execute($"CREATE OR REPLACE VIEW gold.{table} AS SELECT * FROM gold_v.{Physical(table, staged.Version)}");
        }
    }

    /// <summary>Maps <c>gold.&lt;table&gt;</c> of a staged version to its physical table (other names unchanged): the gate's resolver.</summary>
    internal static Func<string, string> Resolver(Published staged)
    {
        var tables = staged.Tables.Select(t => t.Table).ToHashSet(StringComparer.Ordinal);
        return name => name.StartsWith("gold.", StringComparison.Ordinal) && tables.Contains(name[5..]) ? $"gold_v.{Physical(name[5..], staged.Version)}" : name;
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

        if (!kept.Any(v => v.Version == version) || !Exists(table, version))
        {
            throw new CartwheelException(ErrorCodes.InvalidArgument,
                $"Version {version} of {table} is not kept (kept: {string.Join(", ", kept.Select(v => v.Version))}).");
        }

        warehouse.Execute("BEGIN TRANSACTION");
        try
        {
            warehouse.Execute($"CREATE OR REPLACE VIEW gold.{table} AS SELECT * FROM gold_v.{Physical(table, version)}");
            warehouse.Execute("COMMIT");
        }
        catch
        {
            warehouse.Execute("ROLLBACK");
            throw;
        }

        catalog.SetCurrentGoldVersion(table, version);
    }

    /// <summary>Drops versions past retention (keeping the newest K and the current one) and forgets versions whose table is gone.</summary>
    public void Prune()
    {
        var physical = PhysicalTables();
        foreach (var group in catalog.ListGoldVersions().GroupBy(v => v.Table, StringComparer.Ordinal))
        {
            var expired = group.OrderByDescending(v => v.Version).Skip(options.KeepVersions).Where(v => !v.IsCurrent).ToList();
            foreach (var v in expired)
            {
                warehouse.Execute($"DROP TABLE IF EXISTS gold_v.{Physical(v.Table, v.Version)}");
            }

            var missing = group.Where(v => !physical.Contains(Physical(v.Table, v.Version)));
            catalog.DeleteGoldVersions(group.Key, expired.Concat(missing).Select(v => v.Version).Distinct());
        }
    }

    internal static string Physical(string table, long version) => string.Create(CultureInfo.InvariantCulture, $"{table}__v{version}");

    private bool Exists(string table, long version) => PhysicalTables().Contains(Physical(table, version));

    private HashSet<string> PhysicalTables() =>
        warehouse.Strings("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'gold_v'").ToHashSet(StringComparer.Ordinal);

    /// <summary>One more than the highest version the catalog or the warehouse knows (they differ after a crash or a deleted warehouse).</summary>
    private long NextVersion()
    {
        var fromCatalog = catalog.ListGoldVersions().Select(v => v.Version).DefaultIfEmpty(0).Max();
        var fromWarehouse = PhysicalTables().Select(n => long.TryParse(n[(n.LastIndexOf("__v", StringComparison.Ordinal) + 3)..],
            NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0).DefaultIfEmpty(0).Max();
        return Math.Max(fromCatalog, fromWarehouse) + 1;
    }
}
