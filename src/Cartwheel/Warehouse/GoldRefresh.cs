using Cartwheel.Quality;

namespace Cartwheel.Warehouse;

/// <summary>
/// What one gold refresh did: the published version (null when the quality gate blocked it, so the previous version
/// stays visible), the gate's verdict on the candidate (null when no gate ran) and the row count of each table of the
/// published version, in build order, as the publish recorded them (null when blocked).
/// </summary>
public sealed record GoldRefresh(long? Version, QualityGateResult? Quality, IReadOnlyList<GoldTableReport>? Tables = null)
{
    public bool Blocked => Quality is { Passed: false };
}
