using Cartwheel.Quality;

namespace Cartwheel.Warehouse;

/// <summary>
/// What a pipeline run did: the silver partitions it brought up to date (per kind and date) and the
/// gold tables' row counts afterwards. Gold facts were replaced for the dates <see cref="From"/>..<see cref="To"/>
/// and published as <see cref="GoldVersion"/> (null when the run had nothing to do) after the quality gate
/// passed the candidate (<see cref="Quality"/>: null when no gate ran).
/// </summary>
public sealed record RunReport(
    string RunId,
    DateOnly? From,
    DateOnly? To,
    IReadOnlyList<PartitionReport> Partitions,
    IReadOnlyList<GoldTableReport> Gold,
    long? GoldVersion = null,
    QualityGateResult? Quality = null)
{
    /// <summary>The partition counts summed per kind, in pipeline order.</summary>
    public IReadOnlyList<PartitionReport> TotalsByKind() =>
        Partitions.GroupBy(p => p.Kind, StringComparer.Ordinal)
            .Select(g => new PartitionReport(g.Key, g.Min(p => p.Date), g.Sum(p => p.Received), g.Sum(p => p.Accepted),
                g.Sum(p => p.Quarantined), g.Sum(p => p.Duplicates), g.Any(p => p.Rebuilt)))
            .ToList();
}
