namespace Cartwheel.Orchestration;

/// <summary>
/// An alert to raise. <see cref="Key"/> de-duplicates: an alert whose key was raised before is not sent again
/// (e.g. <c>sla_miss:{run_id}</c> fires once per run).
/// </summary>
public sealed record Alert(
    AlertKind Kind,
    string Key,
    string Text,
    string? DagId = null,
    string? RunId = null,
    string? TaskId = null,
    DateTimeOffset? LogicalDate = null);
