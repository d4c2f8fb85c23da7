namespace Cartwheel.Quality;

/// <summary>The outcome of one expectation for one date.</summary>
public enum CheckStatus
{
    /// <summary>The data meets the expectation.</summary>
    Passed,

    /// <summary>The data breaks the expectation.</summary>
    Failed,

    /// <summary>Not evaluated, e.g. too little history for a volume anomaly or no rows to average.</summary>
    Skipped,

    /// <summary>The check itself could not run (missing table or column, bad SQL).</summary>
    Error,
}
