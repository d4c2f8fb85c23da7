namespace Cartwheel.Quality;

/// <summary>The verdict of a <see cref="QualityGate"/> over a date range, with every result it stored.</summary>
public sealed record QualityGateResult(string RunId, IReadOnlyList<QualityResult> Results)
{
    /// <summary>True unless an error-severity expectation failed or could not run: the new gold version may be published.</summary>
    public bool Passed => !Results.Any(r => r.Blocks);

    /// <summary>The results that block promotion.</summary>
    public IEnumerable<QualityResult> Blocking => Results.Where(r => r.Blocks);
}
