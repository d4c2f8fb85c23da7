namespace Cartwheel.Quality;

/// <summary>What one evaluation of the <see cref="QualityGate"/> covers and how it is labelled.</summary>
public sealed record QualityGateOptions
{
    /// <summary>Only the suites of this table (e.g. <c>gold.fact_sales</c>) or suite name; null = all.</summary>
    public string? Table { get; init; }

    /// <summary>The quality run id stored with the results; null = a new one.</summary>
    public string? RunId { get; init; }

    /// <summary>Passed to alerts, so they link to the DAG run that called the gate.</summary>
    public string? DagId { get; init; }

    public string? DagRunId { get; init; }

    /// <summary>
    /// Maps a relation name of a suite (<c>gold.fact_sales</c>) to the relation to query. The publish step of a
    /// versioned gold uses it to check a candidate version before the pointer swap; default: the name itself.
    /// </summary>
    public Func<string, string>? ResolveRelation { get; init; }
}
