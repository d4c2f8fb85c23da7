namespace Cartwheel.Quality;

/// <summary>
/// The expectations of one table. <see cref="PartitionColumn"/> (a DATE or TIMESTAMPTZ column) restricts the
/// checks to the date being built; without it the whole table is checked. <see cref="Key"/> names the columns
/// shown as samples of failing rows.
/// </summary>
public sealed record ExpectationSuite(
    string Name,
    string Table,
    string? PartitionColumn,
    IReadOnlyList<string> Key,
    IReadOnlyList<Expectation> Expectations,
    string Source);
