using Cartwheel.Contracts;

namespace Cartwheel.Orchestration;

/// <summary>
/// The steps of the built-in <c>daily</c> DAG (see <see cref="DailyDag"/>) over the ingest, lake, warehouse, quality
/// and report stages; <see cref="PipelineDailySteps"/> is the implementation. Each step works on the context's
/// <see cref="TaskContext.Date"/>, records under its <see cref="TaskContext.RunId"/> and must be idempotent for the date.
/// </summary>
public interface IDailyPipelineSteps
{
    /// <summary>Ingests new input files into bronze.</summary>
    Task IngestAsync(TaskContext context);

    /// <summary>Rebuilds the silver partitions of one kind for the date (and its lookback).</summary>
    Task BuildSilverAsync(EntityKind kind, TaskContext context);

    /// <summary>Rebuilds the gold tables and marts for the date (and its lookback) and publishes them when quality allows.</summary>
    Task BuildGoldAsync(TaskContext context);

    /// <summary>Runs the expectation suites; throws when an <c>error</c>-severity expectation fails.</summary>
    Task CheckQualityAsync(TaskContext context);

    /// <summary>Writes the daily reports.</summary>
    Task WriteReportsAsync(TaskContext context);
}
