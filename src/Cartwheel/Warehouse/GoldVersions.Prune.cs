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

        var views = warehouse.Strings("SELECT view_name FROM duckdb_views() WHERE schema_name = 'gold_v'").ToHashSet(StringComparer.Ordinal);
        foreach (var name in physical.Where(p => p != MappingTable && !keptSnapshots.Contains(p) && forget.Any(f => p.StartsWith(f.Table + "__v", StringComparison.Ordinal))))
        {
            warehouse.Execute(views.Contains(name) ? $"DROP VIEW IF EXISTS gold_v.{name}" : $"DROP TABLE IF EXISTS gold_v.{name}");
        }

        var store = new GoldRowStore(warehouse);
        foreach (var (table, oldest) in oldestKept.Where(t => GoldRowStore.Tables.Contains(t.Key)))
        {
            store.Prune(table, oldest);
        }

        foreach (var (table, versions) in forget.Where(f => f.Versions.Count > 0))
        {
            warehouse.Execute(string.Create(CultureInfo.InvariantCulture,
                $"DELETE FROM gold_v.cw_snapshots WHERE table_name = {Warehouse.Literal(table)} AND version IN ({string.Join(", ", versions)})"));
            catalog.DeleteGoldVersions(table, versions);
        }
    }
}
