using System.Collections.Concurrent;
using Cartwheel.Catalog;
using Cartwheel.Contracts;
using Cartwheel.Ingest;
using Cartwheel.Quality;
using Cartwheel.Reports;
using Cartwheel.Resilience;
using Cartwheel.Warehouse;

namespace Cartwheel.Orchestration;

/// <summary>
/// The daily DAG over the real stages. Ingest reads the inbox (files already ingested are skipped by hash; a rejected
/// file goes to the dead letters and does not fail the task). Every warehouse step goes through the one
/// <see cref="WarehouseOwner"/>: the DAG starts the silver tasks of the kinds in parallel, the owner runs them one at a
/// time (DuckDB has one writer). Silver and gold cover the date and <see cref="DailyStepsOptions.LookbackDays"/> before it,
/// as <see cref="PipelineRunner.Run"/> does, so a run gives the same gold as <c>cartwheel run --date D</c>.
/// </summary>
public sealed class PipelineDailySteps(
    DataDirectory dataDirectory, CatalogStore catalog, WarehouseOwner owner, AlertService? alerts = null,
    DailyStepsOptions? options = null, TimeProvider? timeProvider = null) : IDailyPipelineSteps
{
    private readonly DailyStepsOptions _options = options ?? new DailyStepsOptions();
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    // The gate results of gold builds that passed, by DAG run id: the quality task of the same run reuses them instead
    // of evaluating (and storing and alerting) the same checks a second time. Lost on restart: then it evaluates.
    private readonly ConcurrentDictionary<string, QualityGateResult> _passedGates = new(StringComparer.Ordinal);

    public string Inbox => _options.Inbox ?? Path.Combine(dataDirectory.Root, "inbox");

    public Task IngestAsync(TaskContext context)
    {
        if (!Directory.Exists(Inbox))
        {
            context.Logger.DailyNoInbox(Inbox);
            return Task.CompletedTask;
        }

        return Task.Run(() =>
        {
            var report = new BronzeIngestor(dataDirectory, catalog).Ingest([Inbox], null, context.RunId, null, context.CancellationToken);
            FileIngestDeadLetters.RecordRejected(new DeadLetterStore(catalog, _time), report);
            context.Logger.DailyIngested(Inbox, report.IngestedFiles, report.SkippedFiles, report.RejectedFiles);
        }, context.CancellationToken);
    }

    public async Task BuildSilverAsync(EntityKind kind, TaskContext context)
    {
        var partitions = await owner.RunAsync(w => Runner(w, context).BuildSilver(kind, First(context), context.Date, context.RunId, context.CancellationToken),
            context.CancellationToken);
        context.Logger.DailySilver(kind.Name(), partitions.Count, partitions.Count(p => p.Rebuilt));
    }

    public async Task BuildGoldAsync(TaskContext context)
    {
        var refresh = await owner.RunAsync(w => Runner(w, context).BuildGold(First(context), context.Date, context.RunId), context.CancellationToken);
        await FinishAsync(refresh.Quality, context);
        if (refresh.Quality is { } gated)
        {
            _passedGates[context.RunId] = gated;
        }

        context.Logger.DailyGoldPublished(refresh.Version, refresh.Quality?.RunId);
    }

    public async Task CheckQualityAsync(TaskContext context)
    {
        if (_passedGates.TryRemove(context.RunId, out var gated) && gated.Results.Any(r => r.Date == context.Date))
        {
            context.Logger.DailyQualityFromGate(context.Date, gated.RunId);
            return;
        }

        var result = await owner.RunAsync(w => Gate(w).Evaluate(context.Date, context.Date, Labels(context), context.CancellationToken),
            context.CancellationToken);
        await FinishAsync(result, context);
    }

    public Task WriteReportsAsync(TaskContext context) => owner.RunAsync(w =>
    {
        var data = ReportBuilder.Build(w, ReportPeriod.Containing("daily", context.Date));
        var folder = ReportFiles.Write(dataDirectory, data);
        context.Logger.DailyReport(Path.Combine(folder, ReportFiles.Page));
        return folder;
    }, context.CancellationToken);

    /// <summary>Alerts on failed checks (either severity) and throws <c>quality.failed</c> when one blocks.</summary>
    private async Task FinishAsync(QualityGateResult? result, TaskContext context)
    {
        if (result is null)
        {
            return;
        }

        context.Logger.DailyQuality(result.RunId, result.Results.Count, result.Results.Count(r => r.Status is not (CheckStatus.Passed or CheckStatus.Skipped)),
            result.Blocking.Count());
        await QualityGate.AlertAsync(alerts, result, Labels(context), context.CancellationToken);
        if (!result.Passed)
        {
            throw QualityGate.Failure(result);
        }
    }

    private PipelineRunner Runner(Cartwheel.Warehouse.Warehouse warehouse, TaskContext context) => new(dataDirectory, catalog, warehouse)
    {
        Gate = _options.GateGold ? Gate(warehouse) : null,
        GateLabels = Labels(context),
    };

    private QualityGate Gate(Cartwheel.Warehouse.Warehouse warehouse) => QualityGate.Create(warehouse, catalog, alerts, _time);

    private static QualityGateOptions Labels(TaskContext context) => new() { DagId = context.DagId, DagRunId = context.RunId };

    private DateOnly First(TaskContext context) => context.Date.AddDays(-_options.LookbackDays);
}
