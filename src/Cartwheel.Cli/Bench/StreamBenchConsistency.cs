namespace Cartwheel.Cli.Bench;

/// <summary>
/// What reached bronze against what was acknowledged: stream bronze rows per kind, the stream's record accounting,
/// records still in the log, and whether click events in bronze + still in the log = acknowledged click events.
/// </summary>
internal sealed record StreamBenchConsistency(
    IReadOnlyDictionary<string, long> BronzeRows, long Received, long Accepted, long Quarantined, long Duplicates,
    long LogRecordsLeft, long LateEvents, bool Consistent);
