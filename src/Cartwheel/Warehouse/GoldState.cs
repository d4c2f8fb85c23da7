using System.Globalization;

namespace Cartwheel.Warehouse;

/// <summary>
/// What the last gold build left in <c>gold_build</c>, kept in the warehouse beside the tables it describes (and
/// written in the build's transaction, so a rolled-back build leaves it unchanged): per table, the fingerprint of its
/// inputs, the version whose snapshot holds its content and its row count (<c>gold_build.cw_state</c>); per fact
/// date, the fingerprints of the inputs its facts were built from, with and without the dimensions (<c>gold_build.cw_fact_dates</c>).
/// </summary>
internal sealed class GoldState
{
    private readonly Dictionary<string, (string Fingerprint, long Snapshot, long Rows)> _tables;
    private readonly Dictionary<DateOnly, (string Full, string Data)> _dates;

    private GoldState(Dictionary<string, (string, long, long)> tables, Dictionary<DateOnly, (string Full, string Data)> dates)
    {
        _tables = tables;
        _dates = dates;
    }

    public static GoldState Read(Warehouse warehouse)
    {
        Create(warehouse);
        var tables = new Dictionary<string, (string, long, long)>(StringComparer.Ordinal);
        using (var reader = warehouse.Reader("SELECT table_name, fingerprint, snapshot, row_count FROM gold_build.cw_state"))
        {
            while (reader.Read())
            {
                tables[reader.GetString(0)] = (reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3));
            }
        }

        var dates = new Dictionary<DateOnly, (string, string)>();
        using (var reader = warehouse.Reader("SELECT dt, fingerprint, data_fingerprint FROM gold_build.cw_fact_dates"))
        {
            while (reader.Read())
            {
                dates[reader.GetFieldValue<DateOnly>(0)] = (reader.GetString(1), reader.GetString(2));
            }
        }

        return new GoldState(tables, dates);
    }

    public string? Fingerprint(string table) => _tables.TryGetValue(table, out var t) ? t.Fingerprint : null;

    public (string Full, string Data)? DateFingerprint(DateOnly date) => _dates.TryGetValue(date, out var f) ? f : null;

    /// <summary>Every date whose facts were built, with its fingerprints (with and without the dimensions).</summary>
    public IReadOnlyDictionary<DateOnly, (string Full, string Data)> Dates => _dates;

    /// <summary>The snapshot (version) and row count of an unchanged table; null when there is none.</summary>
    public (long Snapshot, long Rows)? Snapshot(string table) => _tables.TryGetValue(table, out var t) ? (t.Snapshot, t.Rows) : null;

    /// <summary>Records a build (inside its transaction): the tables' fingerprints and snapshots, the fact dates' fingerprints.</summary>
    public static void Write(Warehouse warehouse, GoldPlan plan, IEnumerable<(string Table, long Rows, long Snapshot)> tables)
    {
        warehouse.Execute("DELETE FROM gold_build.cw_state; INSERT INTO gold_build.cw_state VALUES " + string.Join(", ", tables.Select(t =>
            string.Create(CultureInfo.InvariantCulture, $"({Warehouse.Literal(t.Table)}, {Warehouse.Literal(plan.Fingerprints[t.Table])}, {t.Snapshot}, {t.Rows})"))));
        var dirty = plan.FactRanges.SelectMany(r => Days(r.From, r.To)).ToList();
        if (dirty.Count > 0)
        {
            var values = string.Join(", ", dirty.Select(d =>
                string.Create(CultureInfo.InvariantCulture, $"(DATE '{d:yyyy-MM-dd}', {Warehouse.Literal(plan.DateFingerprints[d].Full)}, {Warehouse.Literal(plan.DateFingerprints[d].Data)})")));
            warehouse.Execute($"DELETE FROM gold_build.cw_fact_dates WHERE dt IN (SELECT dt FROM (VALUES {values}) AS v(dt, f, g)); " +
                $"INSERT INTO gold_build.cw_fact_dates VALUES {values}");
        }
    }

    /// <summary>The fact dates whose silver source files are recorded (<c>gold_build.cw_fact_sources</c>, see <c>sql/gold/_fact_sources.sql</c>).</summary>
    public static HashSet<DateOnly> SourcedDates(Warehouse warehouse)
    {
        Create(warehouse);
        var dates = new HashSet<DateOnly>();
        using var reader = warehouse.Reader("SELECT DISTINCT dt FROM gold_build.cw_fact_sources");
        while (reader.Read())
        {
            dates.Add(reader.GetFieldValue<DateOnly>(0));
        }

        return dates;
    }

    /// <summary>Forgets the state (before a full rebuild).</summary>
    public static void Drop(Warehouse warehouse) =>
        warehouse.Execute("DROP TABLE IF EXISTS gold_build.cw_state; DROP TABLE IF EXISTS gold_build.cw_fact_dates; DROP TABLE IF EXISTS gold_build.cw_fact_sources;");

    private static void Create(Warehouse warehouse) => warehouse.Execute(
        "CREATE TABLE IF NOT EXISTS gold_build.cw_state (table_name VARCHAR, fingerprint VARCHAR, snapshot BIGINT, row_count BIGINT); " +
        "CREATE TABLE IF NOT EXISTS gold_build.cw_fact_dates (dt DATE, fingerprint VARCHAR, data_fingerprint VARCHAR); " +
        "CREATE TABLE IF NOT EXISTS gold_build.cw_fact_sources (dt DATE, kind VARCHAR, partition_dt DATE, source_file VARCHAR, max_ingestion_time TIMESTAMPTZ);");

    private static IEnumerable<DateOnly> Days(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            yield return d;
        }
    }
}
