using System.Globalization;
using Cartwheel.Catalog;
using Cartwheel.Internal;
using Cartwheel.Quality;
using Cartwheel.Warehouse.NativeGold;

namespace Cartwheel.Warehouse;

/// <summary>
/// Refreshes gold in one warehouse transaction and publishes it as a new version. The builder's tables in schema
/// <c>gold_build</c> are recomputed only where their inputs changed (<see cref="GoldPlan"/>): dimensions and marts in
/// full, facts for the changed dates of the range by DELETE + INSERT, each from <c>sql/gold|marts/&lt;table&gt;.sql</c>.
/// Changed tables are copied to <c>gold_v.&lt;table&gt;__v&lt;N&gt;</c>, unchanged ones share their last snapshot, and
/// the views <c>gold.&lt;table&gt;</c> are re-pointed before the commit (see <see cref="GoldVersions"/>).
/// </summary>
internal sealed class GoldBuilder(Warehouse warehouse, CatalogStore catalog, GoldOptions options)
{
    /// <summary>Dimensions, rebuilt from all of silver on every refresh (small).</summary>
    public static IReadOnlyList<string> Dimensions { get; } = ["holiday_calendar", "dim_date", "dim_user", "dim_product"];

    /// <summary>Facts (and dim_channel, drawn from fact_sessions), in dependency order; facts are replaced per date.</summary>
    public static IReadOnlyList<string> Facts { get; } =
        ["fact_sessions", "dim_channel", "fact_sales", "fact_refunds", "fact_events_daily", "fact_inventory_daily", "daily_sales"];

    /// <summary>
    /// Tables that are a projection of another table's columns (table → source): <c>gold_build.&lt;table&gt;</c> is a view
    /// of the source (<c>sql/gold/&lt;table&gt;.sql</c>) and each published version is the same view of the source's
    /// version of that build (<see cref="GoldVersions"/>), so the rows are neither copied by the build nor by the publish.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Projections { get; } =
        new Dictionary<string, string>(StringComparer.Ordinal) { ["user_session_analysis"] = "fact_sessions" };

    /// <summary>Marts (<c>sql/marts/</c>), rebuilt in full from the facts and dimensions.</summary>
    public static IReadOnlyList<string> Marts { get; } =
        ["sales_summary", "funnel_daily", "cohort_retention", "customer_rfm", "customer_ltv", "customer_value", "channel_attribution", "inventory_metrics"];

    public static IEnumerable<string> Tables => Dimensions.Concat(Facts).Concat(Projections.Keys.Order(StringComparer.Ordinal)).Concat(Marts);

    /// <summary>
    /// Recomputes what changed (<see cref="GoldPlan"/>: dimensions, the facts of the changed dates of
    /// <paramref name="from"/>..<paramref name="to"/> (none when null) and of dates built earlier whose silver changed,
    /// the tables built from them) and publishes. With a <paramref name="gate"/>, the candidate version is checked over the range before the views are
    /// re-pointed; when an error-severity check blocks, the transaction is rolled back (the previous version stays visible,
    /// the results stay stored) and the result has no version.
    /// </summary>
    public GoldRefresh Refresh(DateOnly? from, DateOnly? to, string runId, QualityGate? gate = null, QualityGateOptions? gateOptions = null)
    {
        // An empty range (from > to) still creates the fact tables.
        var first = from ?? new DateOnly(1970, 1, 2);
        var last = to ?? new DateOnly(1970, 1, 1);
        warehouse.Execute(string.Create(CultureInfo.InvariantCulture,
            $"SET VARIABLE cw_data_version = {Warehouse.Literal(PipelineRunner.LogicVersion)}; " +
            $"SET VARIABLE cw_churn_days = {options.ChurnDays}; SET VARIABLE cw_attribution_days = {options.AttributionDays}; " +
            $"SET VARIABLE cw_max_lifespan = {options.MaxLifespan};"));
        warehouse.Execute(SqlResources.Get("gold/_macros.sql"));
        LoadHolidayRules();
        var versions = new GoldVersions(warehouse, catalog, options);
        warehouse.Execute("BEGIN TRANSACTION");
        GoldVersions.Published staged;
        QualityGateResult? quality = null;
        try
        {
            var plan = GoldPlan.Compute(warehouse, catalog, options, first, last);
            var state = GoldState.Read(warehouse);
            var watermarks = GoldRowStore.Watermarks(warehouse);
            // The version this build publishes: fact_sessions tags the rows it inserts and ends with it (GoldSessionsStore).
            var upcoming = versions.Upcoming();
            warehouse.Execute(string.Create(CultureInfo.InvariantCulture, $"SET VARIABLE cw_version = {upcoming};"));
            Build(plan, first, last);
            staged = versions.Stage(Tables.ToList(), plan.Changed, state.Snapshot, runId, Timings, watermarks, upcoming);
            GoldState.Write(warehouse, plan, staged.Tables);
            if (gate is not null && first <= last)
            {
                quality = gate.Evaluate(first, last, (gateOptions ?? new QualityGateOptions()) with { ResolveRelation = GoldVersions.Resolver(staged) });
                if (!quality.Passed)
                {
                    warehouse.Execute("ROLLBACK");
                    return new GoldRefresh(null, quality);
                }
            }

            versions.Point(staged);
            warehouse.Execute(SqlResources.Get("marts/top_products.sql"));
            warehouse.Execute("COMMIT");
        }
        catch
        {
            warehouse.Execute("ROLLBACK");
            throw;
        }

        versions.Record(staged);
        return new GoldRefresh(staged.Version, quality, [.. staged.Tables.Select(t => new GoldTableReport(t.Table, t.Rows))]);
    }

    /// <summary>
    /// Runs the SQL of the planned tables: changed dimensions, the facts of each range of changed dates (DELETE + INSERT
    /// of those dates), then changed tables built from gold tables (dim_channel, marts). Leaves cw_from/cw_to at the run's range.
    /// </summary>
    private void Build(GoldPlan plan, DateOnly first, DateOnly last)
    {
        foreach (var table in Dimensions.Where(plan.Changed.Contains))
        {
            Timed(table, () => warehouse.Execute(SqlResources.Get(SqlPath(table))));
        }

        var facts = Facts.Where(t => t != "dim_channel").ToList();
        // New fact tables with nothing to fill are still created (over an empty range).
        var ranges = plan.FactRanges.Count > 0 || !facts.Any(plan.Changed.Contains) ? plan.FactRanges : [(new DateOnly(1970, 1, 2), new DateOnly(1970, 1, 1))];
        foreach (var (rangeFrom, rangeTo) in ranges)
        {
            SetRange(rangeFrom, rangeTo);
            warehouse.Execute($"SET VARIABLE cw_merge_sessions = {(plan.MergesSessions(rangeFrom, rangeTo) ? "true" : "false")};");
            foreach (var table in facts)
            {
                Timed(table, () =>
                {
                    if (table == "fact_sessions")
                    {
                        FactSessionsBuild.Run(warehouse, catalog, rangeFrom, rangeTo, NativeSessions);
                    }
                    else
                    {
                        warehouse.Execute(SqlResources.Get(SqlPath(table)));
                    }
                });
            }

            // What the facts of these dates were built from: the next build merges sessions of rows from other files.
            Timed("fact_sources", () => warehouse.Execute(SqlResources.Get("gold/_fact_sources.sql")));
        }

        var views = warehouse.Strings("SELECT view_name FROM duckdb_views() WHERE schema_name = 'gold_build'").ToHashSet(StringComparer.Ordinal);
        foreach (var table in Projections.Where(p => plan.Changed.Contains(p.Value) || !views.Contains(p.Key)).Select(p => p.Key))
        {
            // A warehouse from before projections held a copy of the rows where the view now goes.
            DropBuildTable(warehouse, table);
            Timed(table, () => warehouse.Execute(SqlResources.Get(SqlPath(table))));
        }

        SetRange(first, last);
        foreach (var table in Tables.Where(t => (t == "dim_channel" || Marts.Contains(t)) && plan.Changed.Contains(t)))
        {
            Timed(table, () => warehouse.Execute(SqlResources.Get(SqlPath(table))));
        }
    }

    private void SetRange(DateOnly from, DateOnly to) => warehouse.Execute(string.Create(CultureInfo.InvariantCulture,
        $"SET VARIABLE cw_from = DATE '{from:yyyy-MM-dd}'; SET VARIABLE cw_to = DATE '{to:yyyy-MM-dd}';"));

    private void Timed(string table, Action build)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        build();
        Timings?.Invoke(table, clock.Elapsed);
    }

    /// <summary>Called after each table's SQL, and after each table's publish (<c>publish &lt;table&gt;</c>), with its wall time (the run benchmark's per-table figures).</summary>
    public Action<string, TimeSpan>? Timings { get; init; }

    /// <summary>
    /// Whether fact_sessions' sessions are aggregated in C# from the silver events files where they all come from our
    /// writer (<see cref="FactSessionsBuild"/>). Off by default: measured no cheaper than the SQL on an idle machine and
    /// slower in wall time (docs/decisions.md 51).
    /// </summary>
    public bool NativeSessions { get; init; }

    /// <summary>
    /// Drops the builder's tables (before a full rebuild) in one transaction: a crash part-way would otherwise leave
    /// some tables gone and the build state kept, and a later incremental run would publish a fact_sessions missing
    /// the dates it did not recompute. Published versions stay until pruned.
    /// </summary>
    public static void Drop(Warehouse warehouse)
    {
        warehouse.Execute("BEGIN TRANSACTION");
        try
        {
            new GoldSessionsStore(warehouse).Drop(inTransaction: true);
            foreach (var table in Tables)
            {
                DropBuildTable(warehouse, table);
            }

            foreach (var table in Projections.Keys)
            {
                warehouse.Execute($"DROP VIEW IF EXISTS gold_build.{table}");
            }

            // channel_attribution's incremental state (its credits per order, the sessions they were computed from).
            warehouse.Execute("DROP TABLE IF EXISTS gold_build.cw_attribution_settings; DROP TABLE IF EXISTS gold_build.cw_attribution_sessions; " +
                "DROP TABLE IF EXISTS gold_build.cw_attribution_credits;");
            GoldState.Drop(warehouse);
            warehouse.Execute("COMMIT");
        }
        catch
        {
            warehouse.Execute("ROLLBACK");
            throw;
        }
    }

    /// <summary>Row counts of the published gold tables, in build order.</summary>
    public static IReadOnlyList<GoldTableReport> Counts(Warehouse warehouse)
    {
        var published = warehouse.Strings("SELECT view_name FROM duckdb_views() WHERE schema_name = 'gold'").ToHashSet(StringComparer.Ordinal);
        return Tables.Select(t => new GoldTableReport(t, published.Contains(t) ? warehouse.Scalar<long>($"SELECT count(*) FROM gold.{t}") : 0)).ToList();
    }

    /// <summary>Drops the builder's table of that name, if it is a table (DuckDB refuses <c>DROP TABLE</c> of a view).</summary>
    private static void DropBuildTable(Warehouse warehouse, string table)
    {
        if (warehouse.Scalar<long>($"SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'gold_build' AND table_name = {Warehouse.Literal(table)}") > 0)
        {
            warehouse.Execute($"DROP TABLE gold_build.{table}");
        }
    }

    internal static string SqlPath(string table) => Marts.Contains(table) ? $"marts/{table}.sql" : $"gold/{table}.sql";

    /// <summary>The holiday rules: <c>&lt;data dir&gt;/config/holidays.csv</c> when present, else the default calendar.</summary>
    private void LoadHolidayRules()
    {
        var path = Path.Combine(warehouse.DataDirectory.Root, "config", "holidays.csv");
        warehouse.Execute(File.Exists(path)
            ? "CREATE OR REPLACE TEMP TABLE cw_holiday_rules AS SELECT country, date, name FROM read_csv(" + Warehouse.Literal(path)
                + ", header = true, columns = {'country': 'VARCHAR', 'date': 'VARCHAR', 'name': 'VARCHAR'})"
            : SqlResources.Get("gold/_holidays.sql"));
    }
}
