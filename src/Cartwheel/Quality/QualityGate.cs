using System.Globalization;
using Cartwheel.Catalog;
using Cartwheel.Orchestration;

namespace Cartwheel.Quality;

/// <summary>
/// The public entry of data quality: evaluates the expectation suites for every date of a range, stores the
/// results in the catalog, alerts on failures (when an <see cref="AlertService"/> is given; it de-duplicates)
/// and says whether promotion may go ahead. A publish step calls <see cref="EvaluateAsync"/> on the candidate
/// and swaps the gold pointer only when <see cref="QualityGateResult.Passed"/>; the daily DAG's quality task
/// calls <see cref="EnsurePassedAsync"/>.
/// </summary>
public sealed class QualityGate(
    Warehouse.Warehouse warehouse, CatalogStore catalog, IReadOnlyList<ExpectationSuite> suites, TimeProvider timeProvider, AlertService? alerts = null)
{
    /// <summary>A gate over the suites of the warehouse's data directory (shipped defaults + its quality/ folder).</summary>
    public static QualityGate Create(Warehouse.Warehouse warehouse, CatalogStore catalog, AlertService? alerts = null, TimeProvider? timeProvider = null) =>
        new(warehouse, catalog, SuiteLoader.Load(warehouse.DataDirectory), timeProvider ?? TimeProvider.System, alerts);

    public IReadOnlyList<ExpectationSuite> Suites => suites;

    /// <summary>Evaluates, stores and alerts; never throws for failed expectations.</summary>
    public async Task<QualityGateResult> EvaluateAsync(DateOnly from, DateOnly to, QualityGateOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new QualityGateOptions();
        var result = Evaluate(from, to, options, cancellationToken);
        await AlertAsync(result, options, cancellationToken);
        return result;
    }

    /// <summary>
    /// Evaluates and stores, without alerting: what the gold build calls inside its warehouse transaction (DuckDB is
    /// synchronous); it raises the alerts with <see cref="AlertAsync"/> once the transaction has ended.
    /// </summary>
    public QualityGateResult Evaluate(DateOnly from, DateOnly to, QualityGateOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (from > to)
        {
            throw new CartwheelException(ErrorCodes.InvalidArgument, $"The range {from:yyyy-MM-dd}..{to:yyyy-MM-dd} is empty.");
        }

        options ??= new QualityGateOptions();
        var selected = suites.Where(s => options.Table is null || s.Table == options.Table || s.Name == options.Table).ToList();
        if (selected.Count == 0)
        {
            throw new CartwheelException(ErrorCodes.InvalidArgument, $"No expectation suite for '{options.Table}' (suites: {string.Join(", ", suites.Select(s => s.Table))}).");
        }

        var runId = options.RunId ?? string.Create(CultureInfo.InvariantCulture, $"dq-{timeProvider.GetUtcNow():yyyyMMdd'T'HHmmss}-{Guid.NewGuid():N}")[..28];
        var runner = new QualityRunner(warehouse, catalog, timeProvider, options.ResolveRelation ?? (name => name));
        var results = new List<QualityResult>();
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            results.AddRange(runner.Run(selected, date, runId, cancellationToken));
        }

        catalog.AddQualityResults(results);
        return new QualityGateResult(runId, results);
    }

    /// <summary>Raises one data-quality alert per table and date with a failed or errored result (either severity).</summary>
    public async Task AlertAsync(QualityGateResult result, QualityGateOptions? options = null, CancellationToken cancellationToken = default)
    {
        await AlertAsync(alerts, result, options, cancellationToken);
        await FreshnessAlertsAsync(result, cancellationToken);
    }

    /// <summary>
    /// A failed freshness check is also a freshness breach of its table: one alert per table, column and newest
    /// time seen (the newest time is the check's reference — end of the partition's day, or now — minus the observed age).
    /// </summary>
    private async Task FreshnessAlertsAsync(QualityGateResult result, CancellationToken cancellationToken)
    {
        if (alerts is null)
        {
            return;
        }

        var expectations = suites.SelectMany(s => s.Expectations.Select(e => (s.Name, Expectation: e)))
            .ToDictionary(x => (x.Name, x.Expectation.Name), x => x.Expectation);
        foreach (var r in result.Results.Where(r => r.Type == ExpectationType.Freshness && r.Status == CheckStatus.Failed))
        {
            if (!expectations.TryGetValue((r.Suite, r.Expectation), out var e)
                || !double.TryParse(r.Observed, NumberStyles.Float, CultureInfo.InvariantCulture, out var ageSeconds))
            {
                continue;
            }

            var dayEnd = new DateTimeOffset(r.Date.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var reference = e.RelativeTo == FreshnessReference.Now || dayEnd > r.StartedAt ? r.StartedAt : dayEnd;
            var lastSeen = reference - TimeSpan.FromSeconds(ageSeconds);
            await alerts.RaiseFreshnessBreachAsync($"{r.Table}.{string.Join(",", e.Columns)}", lastSeen, e.MaxAge, cancellationToken);
        }
    }

    /// <summary>As the instance method, through any <see cref="AlertService"/> (none: nothing is raised).</summary>
    public static async Task AlertAsync(AlertService? alerts, QualityGateResult result, QualityGateOptions? options, CancellationToken cancellationToken = default)
    {
        if (alerts is null)
        {
            return;
        }

        foreach (var group in result.Results.Where(r => r.Status is CheckStatus.Failed or CheckStatus.Error).GroupBy(r => (r.Table, r.Date)))
        {
            var text = string.Join("; ", group.Select(r => $"{r.Expectation} ({r.Severity.Name()}) {r.Status.Name()}: {r.Message ?? r.Observed}"));
            await alerts.RaiseDataQualityFailureAsync(group.Key.Table, group.Key.Date, text, options?.DagId, options?.DagRunId, cancellationToken);
        }
    }

    /// <summary>The <see cref="ErrorCodes.QualityFailed"/> exception listing the results that block promotion.</summary>
    public static CartwheelException Failure(QualityGateResult result) =>
        new(ErrorCodes.QualityFailed,
            $"Data quality blocks promotion (run {result.RunId}): {string.Join("; ", result.Blocking.Select(r => $"{r.Suite}.{r.Expectation} {r.Date:yyyy-MM-dd} {r.Status.Name()}"))}.");

    /// <summary>As <see cref="EvaluateAsync"/>, throwing <see cref="ErrorCodes.QualityFailed"/> when an error-severity check blocks.</summary>
    public async Task<QualityGateResult> EnsurePassedAsync(DateOnly from, DateOnly to, QualityGateOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = await EvaluateAsync(from, to, options, cancellationToken);
        return result.Passed ? result : throw Failure(result);
    }
}
