using System.Globalization;
using Cartwheel.Catalog;
using Cartwheel.Contracts;
using Cartwheel.Quality;

namespace Cartwheel.Warehouse;

/// <summary>
/// Runs bronze → silver → gold for a date range. Silver is rebuilt per (kind, date) partition when its
/// bronze inputs changed (a no-op otherwise); gold is recomputed where its silver inputs changed (dimensions in
/// full, facts for the changed dates of the run, marts when a table they read changed; see <see cref="GoldPlan"/>). Re-running, running dates in any order and a full <see cref="Rebuild"/>
/// give the same gold (except the audit column <c>user_session_analysis.processing_timestamp</c> after a rebuild).
/// Every gold refresh is published as a new gold version (<see cref="GoldVersions"/>).
/// </summary>
public sealed class PipelineRunner(DataDirectory dataDirectory, CatalogStore catalog, Warehouse warehouse, GoldOptions? options = null)
{
    private readonly GoldOptions _options = (options ?? new GoldOptions()).Validated();

    /// <summary>The quality gate every gold build passes before it is published; null publishes unchecked (<c>run --skip-quality</c>).</summary>
    public QualityGate? Gate { get; init; }

    /// <summary>Labels of the gate's results and alerts (the DAG run that builds); default: the pipeline run id.</summary>
    public QualityGateOptions? GateLabels { get; init; }

    /// <summary>Whether silver events are built by the C# pass where it applies (false: the SQL reference path, <see cref="SilverBuilder.NativeEvents"/>).</summary>
    public bool NativeSilverEvents { get; init; } = true;

    /// <summary>Whether gold.fact_sessions' sessions are aggregated in C# where it applies (<see cref="GoldBuilder.NativeSessions"/>; off by default).</summary>
    public bool NativeGoldSessions { get; init; }

    /// <summary>Called after each gold table's SQL and each table's publish ("publish &lt;table&gt;") with its wall time (benchmarks); null by default.</summary>
    public Action<string, TimeSpan>? GoldTimings { get; init; }

    /// <summary>The version of the silver/gold logic: part of every silver input fingerprint and gold's data_version.</summary>
    public const string LogicVersion = "cartwheel-1";

    /// <summary>The daily run: silver and gold for <paramref name="date"/> and the <paramref name="lookbackDays"/> days before it.</summary>
    public RunReport Run(DateOnly date, int lookbackDays = 2, string? runId = null, IProgress<RunProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lookbackDays);
        return RunRange(date.AddDays(-lookbackDays), date, runId, progress, cancellationToken);
    }

    /// <summary>Silver and gold for the dates <paramref name="from"/>..<paramref name="to"/> (a backfill).</summary>
    public RunReport RunRange(DateOnly from, DateOnly to, string? runId = null, IProgress<RunProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (from > to)
        {
            throw new CartwheelException(ErrorCodes.InvalidArgument, $"The range {from:yyyy-MM-dd}..{to:yyyy-MM-dd} is empty.");
        }

        return Recorded("run", string.Create(CultureInfo.InvariantCulture, $"--from {from:yyyy-MM-dd} --to {to:yyyy-MM-dd}"), runId,
            id => Execute(from, to, id, progress, cancellationToken));
    }

    /// <summary>
    /// The run without dates: the dates of the bronze files committed since the last successful run without dates
    /// (or full refresh), and the <paramref name="lookbackDays"/> days before the first of them. Nothing to do when
    /// no bronze file came in (the report then has no range and no gold version).
    /// </summary>
    public RunReport RunPending(int lookbackDays = 2, string? runId = null, IProgress<RunProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lookbackDays);
        var position = catalog.BronzePosition();
        var dates = catalog.ListBronzeDatesAfter(catalog.LastRunPosition());
        return Recorded("run", string.Create(CultureInfo.InvariantCulture, $"--lookback-days {lookbackDays}"), runId, id =>
        {
            var report = dates.Count == 0
                ? new RunReport(id, null, null, [], GoldBuilder.Counts(warehouse))
                : Execute(dates[0].AddDays(-lookbackDays), dates[^1], id, progress, cancellationToken);
            catalog.RecordRunPosition(id, position);
            return report;
        });
    }

    /// <summary>
    /// Forgets all of silver and the gold builder's tables (silver files, silver quarantine files, silver catalog
    /// records) and builds both again from every committed bronze file (the full refresh); earlier published gold
    /// versions stay available for a rollback until retention drops them.
    /// </summary>
    public RunReport Rebuild(string? runId = null, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Recorded("rebuild", string.Empty, runId, id =>
        {
            var position = catalog.BronzePosition();
            GoldBuilder.Drop(warehouse);
            catalog.ClearSilver();
            DeleteSilverFiles();
            var dates = catalog.ListBronzeDates();
            var report = Execute(dates.Count == 0 ? null : dates[0], dates.Count == 0 ? null : dates[^1], id, progress, cancellationToken);
            catalog.RecordRunPosition(id, position);
            return report;
        });

    private RunReport Recorded(string command, string arguments, string? runId, Func<string, RunReport> body)
    {
        if (runId is not null)
        {
            return body(runId);
        }

        var id = catalog.StartRun(command, arguments);
        try
        {
            var report = body(id);
            catalog.FinishRun(id, null);
            return report;
        }
        catch (Exception ex)
        {
            catalog.FinishRun(id, ex.Message);
            throw;
        }
    }

    private RunReport Execute(DateOnly? from, DateOnly? to, string runId, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var plan = EntityKinds.All.Select(k => (Kind: k, Dates: PlanDates(k, from, to))).Where(p => p.Dates.Count > 0).ToList();
        var total = plan.Count + 1;
        var partitions = new List<PartitionReport>();
        for (var i = 0; i < plan.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (kind, dates) = plan[i];
            progress?.Report(new RunProgress(string.Create(CultureInfo.InvariantCulture, $"silver {kind.Name()} ({dates.Count} partitions)"), i, total));
            partitions.AddRange(new SilverBuilder(dataDirectory, catalog, warehouse) { NativeEvents = NativeSilverEvents }.Build(kind.Name(), dates, runId, cancellationToken));
        }

        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report(new RunProgress("gold", plan.Count, total));
        var gold = BuildGold(from, to, runId);
        if (gold.Quality is { } quality && Gate is not null)
        {
            // The pipeline is synchronous (DuckDB is); alerts go out after the warehouse transaction has ended.
            Gate.AlertAsync(quality, GateOptions(runId), cancellationToken).GetAwaiter().GetResult();
        }

        if (gold.Blocked)
        {
            throw QualityGate.Failure(gold.Quality!);
        }

        progress?.Report(new RunProgress("done", total, total));
        // The counts the publish recorded: counting every gold view again read whole tables (row stores with their history).
        return new RunReport(runId, from, to, partitions, gold.Tables ?? GoldBuilder.Counts(warehouse), gold.Version, gold.Quality);
    }

    /// <summary>Silver for one kind: the partitions a run of <paramref name="from"/>..<paramref name="to"/> brings up to date.</summary>
    public IReadOnlyList<PartitionReport> BuildSilver(EntityKind kind, DateOnly from, DateOnly to, string runId, CancellationToken cancellationToken = default)
    {
        var dates = PlanDates(kind, from, to);
        return dates.Count == 0 ? [] : new SilverBuilder(dataDirectory, catalog, warehouse) { NativeEvents = NativeSilverEvents }.Build(kind.Name(), dates, runId, cancellationToken);
    }

    /// <summary>
    /// Gold for <paramref name="from"/>..<paramref name="to"/> over the current silver, through the <see cref="Gate"/> when
    /// there is one. Neither alerts nor throws when the gate blocks: the caller decides (<see cref="GoldRefresh.Blocked"/>).
    /// </summary>
    public GoldRefresh BuildGold(DateOnly? from, DateOnly? to, string runId)
    {
        warehouse.RefreshBronzeViews(catalog);
        warehouse.RefreshSilverViews(catalog);
        return new GoldBuilder(warehouse, catalog, _options) { Timings = GoldTimings, NativeSessions = NativeGoldSessions }.Refresh(from, to, runId, Gate, GateOptions(runId));
    }

    private QualityGateOptions GateOptions(string runId) => GateLabels is { } labels ? labels : new QualityGateOptions { DagRunId = runId };

    /// <summary>
    /// The silver partitions of a kind a run brings up to date: every bronze date of users and products (gold
    /// dimensions are rebuilt from all of silver), and for the other kinds the bronze dates from the day
    /// before the range (a session's true start) to the day after it (sessions and payments past midnight).
    /// </summary>
    private HashSet<DateOnly> PlanDates(EntityKind kind, DateOnly? from, DateOnly? to)
    {
        var dimension = kind is EntityKind.Users or EntityKind.Products;
        return catalog.ListBronzeDates(kind.Name())
            .Where(d => dimension || (from is not null && d >= from.Value.AddDays(-1) && d <= to!.Value.AddDays(1)))
            .ToHashSet();
    }

    private void DeleteSilverFiles()
    {
        var silver = Path.Combine(dataDirectory.Lake, "silver");
        if (Directory.Exists(silver))
        {
            Directory.Delete(silver, recursive: true);
        }

        if (Directory.Exists(dataDirectory.Quarantine))
        {
            foreach (var file in Directory.EnumerateFiles(dataDirectory.Quarantine, "silver-*.jsonl", SearchOption.AllDirectories))
            {
                File.Delete(file);
            }
        }
    }
}
