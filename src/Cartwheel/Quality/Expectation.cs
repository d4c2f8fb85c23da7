namespace Cartwheel.Quality;

/// <summary>
/// One expectation of a suite, as parsed from YAML. Which parameters apply depends on <see cref="Type"/>
/// (docs/quality.md); the parser rejects parameters a type does not take.
/// </summary>
public sealed record Expectation(string Name, ExpectationType Type, Severity Severity, int Line)
{
    /// <summary>The checked column(s): <c>column</c> or <c>columns</c>.</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary>The key columns of failing-row samples; empty = the suite's key.</summary>
    public IReadOnlyList<string> Key { get; init; } = [];

    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>Inclusive bounds of between, row_count_between and mean_between; null = unbounded.</summary>
    public decimal? Min { get; init; }

    public decimal? Max { get; init; }

    public string? Pattern { get; init; }

    /// <summary>relationships: the referenced relation (<c>schema.table</c>) and column.</summary>
    public string? ToTable { get; init; }

    public string? ToColumn { get; init; }

    /// <summary>custom_sql: a SELECT returning the failing rows; <c>{partition}</c> stands for the checked rows, <c>{date}</c> for the date.</summary>
    public string? Sql { get; init; }

    public TimeSpan MaxAge { get; init; }

    public FreshnessReference RelativeTo { get; init; } = FreshnessReference.PartitionEnd;

    public int LookbackDays { get; init; } = 14;

    public int MinHistoryDays { get; init; } = 7;

    public double ZThreshold { get; init; } = 3.0;

    /// <summary>error_rate: the highest acceptable quarantined ÷ ingested ratio (0.001 = 0.1%).</summary>
    public double MaxRate { get; init; } = 0.001;
}
