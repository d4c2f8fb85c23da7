namespace Cartwheel.Quality;

/// <summary>
/// The outcome of one expectation for one date in one quality run, as stored in the catalog (<c>dq_results</c>).
/// <see cref="Observed"/> is the measured value (docs/quality.md says what per type); <see cref="SampleKeys"/>
/// holds at most 10 failing keys, sorted.
/// </summary>
public sealed record QualityResult(
    string RunId,
    string Suite,
    string Table,
    string Expectation,
    ExpectationType Type,
    Severity Severity,
    CheckStatus Status,
    string? Observed,
    long FailingRows,
    IReadOnlyList<string> SampleKeys,
    DateOnly Date,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    string? Message)
{
    /// <summary>True when this result blocks promotion: an error-severity check that failed or could not run.</summary>
    public bool Blocks => Severity == Severity.Error && Status is CheckStatus.Failed or CheckStatus.Error;
}
