using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Cartwheel.Catalog;
using Cartwheel.Internal;

namespace Cartwheel.Warehouse;

/// <summary>
/// What a gold refresh has to recompute, from fingerprints of its inputs (the silver partitions' batch ids, the gold
/// settings and the holiday rules) compared with those of the last build (<c>gold_build.cw_state</c>,
/// <c>gold_build.cw_fact_dates</c>): a dimension when its silver changed; the facts of a date of the range when a
/// silver partition they read (events, orders, transactions of the day before to the day after, inventory up to the
/// day) or a dimension changed, and of a date built earlier outside the range when such a partition changed; a table built from other gold tables (dim_channel, the marts) when one of them
/// changed. Everything else keeps its content, so its published snapshot is shared by the new version.
/// </summary>
internal sealed partial class GoldPlan
{
    private static readonly string[] DayKinds = ["events", "orders", "transactions"];

    private GoldPlan(string settings, Dictionary<string, string> fingerprints, Dictionary<DateOnly, (string Full, string Data)> dates,
        HashSet<string> changed, List<(DateOnly From, DateOnly To)> factRanges, HashSet<DateOnly> sessionMerge)
    {
        Settings = settings;
        Fingerprints = fingerprints;
        DateFingerprints = dates;
        Changed = changed;
        FactRanges = factRanges;
        SessionMerge = sessionMerge;
    }

    /// <summary>Hash of the logic version, the gold options and the holiday rules: every table's fingerprint includes it.</summary>
    public string Settings { get; }

    /// <summary>The fingerprint of each table that is not a fact table after this build.</summary>
    public IReadOnlyDictionary<string, string> Fingerprints { get; }

    /// <summary>The fact fingerprints (with and without the dimensions) of each date whose facts are recomputed.</summary>
    public IReadOnlyDictionary<DateOnly, (string Full, string Data)> DateFingerprints { get; }

    /// <summary>The tables this build recomputes (the others keep their content).</summary>
    public IReadOnlySet<string> Changed { get; }

    /// <summary>Contiguous ranges of dates whose facts are recomputed (empty when none).</summary>
    public IReadOnlyList<(DateOnly From, DateOnly To)> FactRanges { get; }

    /// <summary>
    /// Recomputed dates whose sessions may be merged (only the sessions of new silver rows recomputed, see
    /// <c>sql/gold/fact_sessions.sql</c>): built before with the same settings and dimensions, with the silver source
    /// files they were built from recorded (<c>gold_build.cw_fact_sources</c>).
    /// </summary>
    public IReadOnlySet<DateOnly> SessionMerge { get; }

    /// <summary>Whether every date of a range of <see cref="FactRanges"/> may merge its sessions.</summary>
    public bool MergesSessions(DateOnly from, DateOnly to)
    {
        if (from > to)
        {
            return false;
        }

        for (var d = from; d <= to; d = d.AddDays(1))
        {
            if (!SessionMerge.Contains(d))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Plans a refresh of facts over <paramref name="first"/>..<paramref name="last"/> (an empty range when first &gt; last).
    /// Call after the holiday rules are loaded (temporary table <c>cw_holiday_rules</c>).
    /// </summary>
    public static GoldPlan Compute(Warehouse warehouse, CatalogStore catalog, GoldOptions options, DateOnly first, DateOnly last)
    {
        var settings = Hash(string.Join('\n', PipelineRunner.LogicVersion, options.ChurnDays, options.AttributionDays, options.MaxLifespan,
            warehouse.Scalar<string>("SELECT coalesce(string_agg(country || '|' || date || '|' || name, '\n' ORDER BY country, date, name), '') FROM cw_holiday_rules")));
        var partitions = catalog.ListSilverPartitions().OrderBy(p => p.Kind, StringComparer.Ordinal).ThenBy(p => p.Date).ToList();
        var state = GoldState.Read(warehouse);
        var existing = warehouse.Strings("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'gold_build'").ToHashSet(StringComparer.Ordinal);

        var bounds = partitions.Count == 0 ? "none" : string.Create(CultureInfo.InvariantCulture,
            $"{partitions.Min(p => p.Date):yyyy-MM-dd}..{partitions.Max(p => p.Date):yyyy-MM-dd}");
        var fingerprints = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["holiday_calendar"] = Hash(settings + "\n" + bounds),
            ["dim_date"] = Hash(settings + "\n" + bounds),
            ["dim_user"] = Hash(settings + "\n" + Listing(partitions.Where(p => p.Kind == "users"))),
            ["dim_product"] = Hash(settings + "\n" + Listing(partitions.Where(p => p.Kind == "products"))),
        };
        var changed = GoldBuilder.Dimensions.Where(t => !existing.Contains(t) || state.Fingerprint(t) != fingerprints[t]).ToHashSet(StringComparer.Ordinal);

        var dimensions = string.Join('\n', GoldBuilder.Dimensions.Select(t => fingerprints[t]));
        var inventory = InventoryPrefixes(partitions);
        string Data(DateOnly day) => Hash(settings + "\n"
            + Listing(partitions.Where(p => DayKinds.Contains(p.Kind) && p.Date >= day.AddDays(-1) && p.Date <= day.AddDays(1))) + "\n"
            + inventory(day));

        // The run's dates are rebuilt when their data or a dimension changed; dates built earlier outside the range when
        // their data changed (a session that now starts the day before, stock carried forward from a late update), so
        // every built date stays what a full refresh gives. A dimension change alone re-keys only the run's dates.
        var factsMissing = GoldBuilder.Facts.Any(t => !existing.Contains(t));
        var dates = new Dictionary<DateOnly, (string Full, string Data)>();
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            var data = Data(d);
            var full = Hash(data + "\n" + dimensions);
            if (factsMissing || state.DateFingerprint(d)?.Full != full)
            {
                dates[d] = (full, data);
            }
        }

        foreach (var (d, stored) in state.Dates.Where(kv => (kv.Key < first || kv.Key > last) && !factsMissing))
        {
            var data = Data(d);
            if (stored.Data != data)
            {
                dates[d] = (Hash(data + "\n" + dimensions), data);
            }
        }

        var dirty = dates.Keys.Order().ToList();

        // Sessions are merged (not recomputed whole) only where the facts of the date were built with what is still in
        // force: the same settings (every derived table's fingerprint) and dimensions, and the source files recorded.
        var sameSettings = !factsMissing && state.Fingerprint("dim_channel") == settings;
        var sourced = sameSettings ? GoldState.SourcedDates(warehouse) : [];
        var merge = dirty.Where(d => sourced.Contains(d) && state.DateFingerprint(d) is { } stored
            && stored.Full == Hash(stored.Data + "\n" + dimensions)).ToHashSet();
        if (dirty.Count > 0 || factsMissing)
        {
            changed.UnionWith(GoldBuilder.Facts.Where(t => t != "dim_channel"));
        }

        // Tables built from other gold tables: rebuilt when a table they read changed (references found in their SQL).
        var derived = GoldBuilder.Tables.Where(t => t == "dim_channel" || GoldBuilder.Marts.Contains(t));
        foreach (var table in derived.Where(t => !changed.Contains(t)))
        {
            var reads = References(table);
            fingerprints[table] = settings;
            if (!existing.Contains(table) || state.Fingerprint(table) != settings || reads.Any(changed.Contains))
            {
                changed.Add(table);
            }
        }

        foreach (var table in GoldBuilder.Tables.Where(t => !fingerprints.ContainsKey(t)))
        {
            fingerprints[table] = settings;
        }

        return new GoldPlan(settings, fingerprints, dates, changed, Ranges(dirty), merge);
    }

    /// <summary>The gold_build tables the SQL of <paramref name="table"/> reads.</summary>
    private static HashSet<string> References(string table) =>
        BuildReference().Matches(SqlResources.Get(GoldBuilder.SqlPath(table))).Select(m => m.Groups[1].Value)
            .Where(t => t != table).ToHashSet(StringComparer.Ordinal);

    private static List<(DateOnly, DateOnly)> Ranges(List<DateOnly> dates)
    {
        var ranges = new List<(DateOnly, DateOnly)>();
        foreach (var d in dates)
        {
            if (ranges.Count > 0 && ranges[^1].Item2.AddDays(1) == d)
            {
                ranges[^1] = (ranges[^1].Item1, d);
            }
            else
            {
                ranges.Add((d, d));
            }
        }

        return ranges;
    }

    /// <summary>The hash of the inventory partitions up to each date (stock is carried forward), chained in date order.</summary>
    private static Func<DateOnly, string> InventoryPrefixes(List<SilverPartition> partitions)
    {
        var inventory = partitions.Where(p => p.Kind == "inventory").OrderBy(p => p.Date).ToList();
        var prefixes = new List<string> { Hash("inventory") };
        foreach (var p in inventory)
        {
            prefixes.Add(Hash(prefixes[^1] + "\n" + Listing([p])));
        }

        var dates = inventory.Select(p => p.Date).ToList();
        return day =>
        {
            var index = dates.BinarySearch(day);
            var count = index >= 0 ? index + 1 : ~index;
            return prefixes[count];
        };
    }

    private static string Listing(IEnumerable<SilverPartition> partitions) =>
        string.Join('\n', partitions.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Kind} {p.Date:yyyy-MM-dd} {p.BatchId}")));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex(@"gold_build\.([a-z_]+)")]
    private static partial Regex BuildReference();
}
