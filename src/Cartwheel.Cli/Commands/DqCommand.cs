using System.CommandLine;
using System.Text.Json;
using Cartwheel.Catalog;
using Cartwheel.Cli.Output;
using Cartwheel.Quality;

namespace Cartwheel.Cli.Commands;

/// <summary><c>cartwheel dq run|show|error-rate</c>: run the expectation suites, show stored results, the data error rate.</summary>
internal static class DqCommand
{
    private static readonly string[] ResultColumns =
        ["date", "suite", "table", "expectation", "type", "severity", "status", "observed", "failing_rows", "sample_keys", "duration_ms", "message", "run_id"];

    public static Command Create()
    {
        var command = new Command("dq", "Data quality: run the expectation suites (quality/*.yml), show results, the data error rate.");
        command.Subcommands.Add(Run());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(ErrorRateCommand());
        return command;
    }

    private static Command Run()
    {
        var date = new Option<string?>("--date") { Description = "The partition date to check (YYYY-MM-DD); default: the latest silver date." };
        var table = new Option<string?>("--table") { Description = "Only the suites of this table (e.g. gold.fact_sales) or suite name." };
        var command = new Command("run", "Check a date's partitions against the suites; store the results; exit 2 when an error-severity check fails.") { date, table };
        command.SetGuardedAction(async (parseResult, cancellationToken) =>
        {
            var dataDirectory = CommonOptions.ResolveDataDirectory(parseResult);
            var catalog = CatalogStore.Open(dataDirectory);
            var day = parseResult.GetValue(date) is { } text ? RunSummary.ParseDate(text, "--date") : LatestDate(catalog);
            using var host = OrchestrationHost.Create(dataDirectory);
            using var warehouse = Cartwheel.Warehouse.Warehouse.Open(dataDirectory, readOnly: true);
            var gate = QualityGate.Create(warehouse, catalog, host.Alerts);
            var result = await gate.EvaluateAsync(day, day, new QualityGateOptions { Table = parseResult.GetValue(table) }, cancellationToken);
            OutputWriter.Write(Table($"Data quality {day:yyyy-MM-dd} ({result.RunId})", result.Results), parseResult.GetValue(CommonOptions.Format));
            if (!result.Passed)
            {
                Console.Error.WriteLine($"error [{ErrorCodes.QualityFailed}]: {result.Blocking.Count()} error-severity check(s) failed; promotion is blocked.");
                return CommandRunner.Failed;
            }

            return CommandRunner.Ok;
        });
        return command;
    }

    private static Command Show()
    {
        var date = new Option<string?>("--date") { Description = "Only this date (YYYY-MM-DD)." };
        var run = new Option<string?>("--run") { Description = "Only this quality run; default: the latest result per expectation and date." };
        var command = new Command("show", "Show stored data-quality results.") { date, run };
        command.SetGuardedAction(parseResult =>
        {
            var catalog = CatalogStore.Open(CommonOptions.ResolveDataDirectory(parseResult));
            var day = parseResult.GetValue(date) is { } text ? RunSummary.ParseDate(text, "--date") : (DateOnly?)null;
            OutputWriter.Write(Table("Data quality results", catalog.ListQualityResults(day, parseResult.GetValue(run))), parseResult.GetValue(CommonOptions.Format));
            return CommandRunner.Ok;
        });
        return command;
    }

    private static Command ErrorRateCommand()
    {
        var date = new Option<string?>("--date") { Description = "Only this day (YYYY-MM-DD)." };
        var kind = new Option<string?>("--kind") { Description = "Only this source kind." };
        var command = new Command("error-rate", "Quarantined ÷ ingested records per source kind, stage and day, from the catalog's record accounting.") { date, kind };
        command.SetGuardedAction(parseResult =>
        {
            var dataDirectory = CommonOptions.ResolveDataDirectory(parseResult);
            var catalog = CatalogStore.Open(dataDirectory);
            var threshold = SuiteLoader.Load(dataDirectory).SelectMany(s => s.Expectations)
                .FirstOrDefault(e => e.Type == ExpectationType.ErrorRate)?.MaxRate ?? 0.001;
            var day = parseResult.GetValue(date) is { } text ? RunSummary.ParseDate(text, "--date") : (DateOnly?)null;
            var rows = ErrorRate.Compute(catalog, day, parseResult.GetValue(kind))
                .Select(r => (IReadOnlyList<object?>)[r.Kind, r.Stage, r.Date, r.Ingested, r.Quarantined, Math.Round((decimal)r.Rate, 6), r.Rate > threshold]).ToList();
            OutputWriter.Write(new TabularResult($"Data error rate (threshold {threshold})", ["kind", "stage", "date", "ingested", "quarantined", "rate", "over_threshold"], rows),
                parseResult.GetValue(CommonOptions.Format));
            return CommandRunner.Ok;
        });
        return command;
    }

    private static DateOnly LatestDate(CatalogStore catalog) =>
        catalog.ListSilverPartitions().Select(p => p.Date).DefaultIfEmpty(DateOnly.FromDateTime(DateTime.UtcNow)).Max();

    private static TabularResult Table(string title, IEnumerable<QualityResult> results) => new(title, ResultColumns,
        results.Select(r => (IReadOnlyList<object?>)[r.Date, r.Suite, r.Table, r.Expectation, r.Type.Name(), r.Severity.Name(), r.Status.Name(),
            r.Observed, r.FailingRows, JsonSerializer.Serialize(r.SampleKeys), (long)r.Duration.TotalMilliseconds, r.Message, r.RunId]).ToList());
}
