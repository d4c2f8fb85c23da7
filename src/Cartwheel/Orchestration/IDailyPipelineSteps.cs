using Cartwheel.Contracts;

namespace Cartwheel.Orchestration;

/// <summary>
/// The steps of the built-in <c>daily</c> DAG (see <see cref="DailyDag"/>), implemented by the integrator over
/// the ingest, lake, warehouse, quality and report stages. Each step must be idempotent for its date.
/// </summary>
public interface IDailyPipelineSteps
{
    /// <summary>Ingests new input files into bronze.</summary>
    Task IngestAsync(DateOnly date, CancellationToken cancellationToken = default);

    /// <summary>Rebuilds the silver partitions of one kind for the date (and its lookback).</summary>
    Task BuildSilverAsync(EntityKind kind, DateOnly date, CancellationToken cancellationToken = default);

    /// <summary>Rebuilds the gold tables and marts for the date.</summary>
    Task BuildGoldAsync(DateOnly date, CancellationToken cancellationToken = default);

    /// <summary>Runs the expectation suites; throws when an <c>error</c>-severity expectation fails.</summary>
    Task CheckQualityAsync(DateOnly date, CancellationToken cancellationToken = default);

    /// <summary>Writes the daily reports.</summary>
    Task WriteReportsAsync(DateOnly date, CancellationToken cancellationToken = default);
}
