namespace Cartwheel.Quality;

/// <summary>The vocabulary of expectations (docs/quality.md); written in YAML in snake_case.</summary>
public enum ExpectationType
{
    NotNull,
    Unique,
    AcceptedValues,
    Between,
    Regex,
    Relationships,
    RowCountBetween,
    MeanBetween,
    Freshness,
    VolumeAnomaly,
    CustomSql,
    ErrorRate,
}
