using System.Globalization;

namespace Cartwheel.Warehouse;

public sealed partial class GoldVersions
{
    /// <summary>
    /// Drops versions past retention (keeping the newest K and the current one), then the snapshots no kept version
    /// uses, and forgets versions whose snapshot is gone. A row store keeps the row versions its oldest kept snapshot
    /// still sees.
    /// </summary>
    public void Prune()
    {
        EnsureMapping();
        var physical = PhysicalTables();
        var snapshots = Snapshots();
        var keptSnapshots = new HashSet<string>(StringComparer.Ordinal);
        var forget = new List<(string Table, List<long> Versions)>();
        var oldestKept = new Dictionary<string, long?>(StringComparer.Ordinal);
        foreach (var group in catalog.ListGoldVersions().GroupBy(v => v.Table, StringComparer.Ordinal))
        {
            var expired = group.OrderByDescending(v => v.Version).Skip(options.KeepVersions).Where(v => !v.IsCurrent).Select(v => v.Version).ToHashSet();
            var kept = group.Where(v => !expired.Contains(v.Version)).Select(v => Physical(group.Key, snapshots.GetValueOrDefault((group.Key, v.Version), v.Version))).ToList();
            keptSnapshots.UnionWith(kept);
            oldestKept[group.Key] = group.Where(v => !expired.Contains(v.Version))
                .Select(v => (long?)snapshots.GetValueOrDefault((group.Key, v.Version), v.Version)).Min();
            var missing = group.Where(v => !expired.Contains(v.Version) && !physical.Contains(Physical(group.Key, snapshots.GetValueOrDefault((group.Key, v.Version), v.Version))));
            forget.Add((group.Key, expired.Concat(missing.Select(v => v.Version)).Distinct().ToList()));
        }

        // A kept projection keeps the snapshot of its source it reads (and that snapshot's rows in the source's row store).
        var projections = Projections();
        foreach (var (table, snapshot, source, sourceSnapshot) in projections.Where(p => keptSnapshots.Contains(Physical(p.Table, p.Snapshot))))
        {
            keptSnapshots.Add(Physical(source, sourceSnapshot));
            oldestKept[source] = oldestKept.GetValueOrDefault(source) is { } oldest ? Math.Min(oldest, sourceSnapshot) : sourceSnapshot;
        }

        var views = warehouse.Strings("SELECT view_name FROM duckdb_views() WHERE schema_name = 'gold_v'").ToHashSet(StringComparer.Ordinal);
        var dropped = physical.Where(p => p != MappingTable && !keptSnapshots.Contains(p) && forget.Any(f => p.StartsWith(f.Table + "__v", StringComparison.Ordinal))).ToHashSet(StringComparer.Ordinal);
        foreach (var name in dropped)
        {
            warehouse.Execute(views.Contains(name) ? $"DROP VIEW IF EXISTS gold_v.{name}" : $"DROP TABLE IF EXISTS gold_v.{name}");
        }

        foreach (var (table, snapshot, _, _) in projections.Where(p => dropped.Contains(Physical(p.Table, p.Snapshot))))
        {
            warehouse.Execute(string.Create(CultureInfo.InvariantCulture,
                $"DELETE FROM gold_v.cw_projections WHERE table_name = {Warehouse.Literal(table)} AND snapshot = {snapshot}"));
        }

        // The row stores, and those the projections had before they were projections (pruned until empty, then dropped).
        var store = new GoldRowStore(warehouse);
        foreach (var (table, oldest) in oldestKept.Where(t => GoldRowStore.Tables.Contains(t.Key) || GoldBuilder.Projections.ContainsKey(t.Key)
            || t.Key == GoldSessionsStore.Table))
        {
            store.Prune(table, oldest);
        }

        if (oldestKept.TryGetValue(GoldSessionsStore.Table, out var sessions))
        {
            new GoldSessionsStore(warehouse).Prune(sessions);
        }

        foreach (var (table, versions) in forget.Where(f => f.Versions.Count > 0))
        {
            warehouse.Execute(string.Create(CultureInfo.InvariantCulture,
                $"DELETE FROM gold_v.cw_snapshots WHERE table_name = {Warehouse.Literal(table)} AND version IN ({string.Join(", ", versions)})"));
            catalog.DeleteGoldVersions(table, versions);
        }
    }

    /// <summary>The recorded projection snapshots (<c>gold_v.cw_projections</c>) and the source snapshot each reads.</summary>
    private List<(string Table, long Snapshot, string Source, long SourceSnapshot)> Projections()
    {
        EnsureProjections();
        var projections = new List<(string, long, string, long)>();
        using var reader = warehouse.Reader("SELECT table_name, snapshot, source_table, source_snapshot FROM gold_v.cw_projections");
        while (reader.Read())
        {
            projections.Add((reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3)));
        }

        return projections;
    }
}
