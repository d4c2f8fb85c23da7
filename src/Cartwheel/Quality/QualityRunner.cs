using System.Diagnostics;
using System.Text.Json;
using Cartwheel.Catalog;
using Cartwheel.Warehouse;
using DuckDB.NET.Data;

namespace Cartwheel.Quality;

/// <summary>
/// Evaluates suites for one date against the warehouse (and the catalog, for error_rate). A check that cannot
/// run (missing table or column, bad SQL) is recorded with status <c>error</c>, never thrown: the other checks run.
/// </summary>
internal sealed partial class QualityRunner(Warehouse.Warehouse warehouse, CatalogStore catalog, TimeProvider timeProvider, Func<string, string> resolve)
{
    public IReadOnlyList<QualityResult> Run(IEnumerable<ExpectationSuite> suites, DateOnly date, string runId, CancellationToken cancellationToken)
    {
        var results = new List<QualityResult>();
        foreach (var suite in suites)
        {
            foreach (var expectation in suite.Expectations)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var started = timeProvider.GetUtcNow();
                var watch = Stopwatch.StartNew();
                CheckOutcome outcome;
                try
                {
                    outcome = Evaluate(suite, expectation, date);
                }
                catch (Exception ex) when (ex is DuckDBException or CartwheelException)
                {
                    outcome = new CheckOutcome(CheckStatus.Error, null, 0, [], ex.Message);
                }

                results.Add(new QualityResult(runId, suite.Name, suite.Table, expectation.Name, expectation.Type, expectation.Severity,
                    outcome.Status, outcome.Observed, outcome.FailingRows, outcome.SampleKeys, date, started, watch.Elapsed, outcome.Message));
            }
        }

        return results;
    }

    private CheckOutcome Evaluate(ExpectationSuite suite, Expectation e, DateOnly date)
    {
        if (e.Type == ExpectationType.ErrorRate)
        {
            return ErrorRate.Check(catalog, e, date);
        }

        var scope = ExpectationSql.Scope(suite, resolve(suite.Table), date);
        if (e.Type == ExpectationType.CustomSql)
        {
            ReadOnlyQuery.EnsureReadOnly(warehouse, ExpectationSql.CustomSql(e, scope, date, resolve));
        }

        if (ExpectationSql.FailingRows(suite, e, scope, resolve, date) is not { } failing)
        {
            return e.Type switch
            {
                ExpectationType.RowCountBetween => RowCount(e, scope),
                ExpectationType.MeanBetween => Mean(e, scope),
                ExpectationType.Freshness => Freshness(e, scope, date),
                ExpectationType.VolumeAnomaly => Volume(suite, e, date),
                _ => throw new CartwheelException(ErrorCodes.Internal, $"No evaluation for {e.Type.Name()}."),
            };
        }

        using var reader = warehouse.Reader(ExpectationSql.Summary(failing));
        reader.Read();
        var rows = reader.GetInt64(0);
        var keys = reader.GetInt64(1);
        var sample = JsonSerializer.Deserialize<List<string>>(reader.GetString(2)) ?? [];
        var observed = e.Type == ExpectationType.Unique ? keys : rows;
        var what = e.Type == ExpectationType.Unique ? "duplicated key(s) over" : "of";
        return CheckOutcome.Of(rows == 0, observed.ToString(System.Globalization.CultureInfo.InvariantCulture), rows, sample,
            rows == 0 ? null : $"{observed} {what} {rows} row(s) fail{(e.Type == ExpectationType.Unique ? string.Empty : $" {e.Type.Name()}")}");
    }
}
