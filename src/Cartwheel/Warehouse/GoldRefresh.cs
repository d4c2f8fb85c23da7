using Cartwheel.Quality;

namespace Cartwheel.Warehouse;

/// <summary>
/// What one gold refresh did: the published version (null when the quality gate blocked it, so the previous version
/// stays visible) and the gate's verdict on the candidate (null when no gate ran).
/// </summary>
public sealed record GoldRefresh(long? Version, QualityGateResult? Quality)
{
    public bool Blocked => Quality is { Passed: false };
}
