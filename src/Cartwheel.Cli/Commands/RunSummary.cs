using System.Globalization;
using Cartwheel.Cli.Output;
using Cartwheel.Quality;
using Cartwheel.Warehouse;
using Spectre.Console;

namespace Cartwheel.Cli.Commands;

/// <summary>What <c>run</c> and <c>rebuild</c> share: the pipeline with a progress display on stderr, then the summary tables.</summary>
internal static class RunSummary
{
    public static int Execute(DataDirectory dataDirectory, OutputFormat format, string command, string arguments,
        Func<PipelineRunner, string, IProgress<RunProgress>, RunReport> run, bool quality = false)
    {
        var catalog = Catalog.CatalogStore.Open(dataDirectory);
        var runId = catalog.StartRun(command, arguments);
        RunReport report;
        try
        {
            using var warehouse = Cartwheel.Warehouse.Warehouse.Open(dataDirectory);
            // The gate's alerts go where the DAGs' go: the log, and CARTWHEEL_ALERT_WEBHOOK when set.
            using var orchestration = quality ? OrchestrationHost.Create(dataDirectory) : null;
            var runner = new PipelineRunner(dataDirectory, catalog, warehouse)
            {
                Gate = orchestration is null ? null : QualityGate.Create(warehouse, catalog, orchestration.Alerts),
            };
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            report = console.Progress().AutoClear(true).Start(context =>
            {
                var task = context.AddTask(command);
                return run(runner, runId, new ProgressCallback<RunProgress>(p =>
                {
                    task.MaxValue = p.Total;
                    task.Value = p.Completed;
                    task.Description = Markup.Escape(p.Step);
                }));
            });
            catalog.FinishRun(runId, null);
        }
        catch (Exception ex)
        {
            catalog.FinishRun(runId, ex.Message);
            throw;
        }

        Write(report, format);
        return CommandRunner.Ok;
    }

    public static DateOnly ParseDate(string text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CartwheelException(ErrorCodes.InvalidArgument, $"{option} '{text}' is not a date (YYYY-MM-DD).");

    private static void Write(RunReport report, OutputFormat format)
    {
        var kinds = report.TotalsByKind().Select(k => (IReadOnlyList<object?>)[k.Kind, k.Received, k.Accepted, k.Quarantined, k.Duplicates]).ToList();
        OutputWriter.Write(new TabularResult($"Silver ({report.RunId})", ["kind", "received", "accepted", "quarantined", "duplicates"], kinds), format);
        var gold = report.Gold.Select(g => (IReadOnlyList<object?>)[g.Table, g.Rows]).ToList();
        OutputWriter.Write(new TabularResult(report.GoldVersion is { } v ? $"Gold (published version {v})" : "Gold (nothing new to build)", ["table", "rows"], gold), format);
        if (report.Quality is { } quality)
        {
            var failed = quality.Results.Where(r => r.Status is not (CheckStatus.Passed or CheckStatus.Skipped)).Select(r =>
                (IReadOnlyList<object?>)[r.Date, r.Suite, r.Expectation, r.Severity.Name(), r.Status.Name(), r.Observed, r.Message]).ToList();
            OutputWriter.Write(new TabularResult($"Quality gate ({quality.RunId}): {quality.Results.Count} checks, {failed.Count} not passed",
                ["date", "suite", "expectation", "severity", "status", "observed", "message"], failed), format);
        }
    }
}
