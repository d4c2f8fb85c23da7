namespace Cartwheel.Server.Realtime;

/// <summary>
/// Pipeline health: records per second into bronze and aggregates (last 10 s), records waiting in the log, the last
/// batch's event→aggregate latency and duration (milliseconds), batches so far and when the last one was published.
/// </summary>
public sealed record PipelineStatus(
    double IngestRate,
    long LogLag,
    double? LastBatchLatencyMs,
    double? LastBatchDurationMs,
    long BatchesTotal,
    DateTimeOffset? LastBatchAt);
