namespace Cartwheel.Cli.Bench;

/// <summary>The server's own event→aggregate histogram (per micro-batch, from the oldest record's append to publication), from /metrics; bucket upper bounds
/// (capped at the last finite bucket, <see cref="BatchesOverLastBucket"/> batches took longer).</summary>
internal sealed record ServerLatency(long Batches, double P50Ms, double P99Ms, long BatchesOverLastBucket);
