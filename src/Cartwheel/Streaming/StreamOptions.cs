namespace Cartwheel.Streaming;

/// <summary>Settings of the stream processor and its real-time aggregates (docs/streaming.md).</summary>
public sealed record StreamOptions
{
    /// <summary>The source name under which consumer positions and the checkpoint are kept.</summary>
    public string Source { get; init; } = "log";

    /// <summary>A micro-batch is cut at least this often (wall clock) …</summary>
    public TimeSpan BatchInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>… or as soon as this many records are read, whichever comes first.</summary>
    // 20K, not more: with the collector's lag bound a batch is at most what arrived in one cycle, and a shorter batch
    // is a shorter wait for the events behind it (docs/benchmarks.md "bench stream, 2026-12-03").
    public int MaxBatchRecords { get; init; } = 20_000;

    /// <summary>
    /// Whether the next micro-batch is read and checked while this one is written and committed (decision 68): its read
    /// starts <see cref="BatchInterval"/> after this one's (at once after a full batch, at the latest when the next batch
    /// is asked for), but no longer waits for this one's bronze files and catalog commit. Dedup, accounting, windows and
    /// commits stay one batch at a time in log order. Off by default (<c>Cartwheel:Stream:ReadAhead</c>): on the 2-core
    /// bench it gave 3–5% fewer events/s than without, so the serial chain is not what binds there.
    /// </summary>
    public bool ReadAhead { get; init; }

    /// <summary>
    /// How many threads check a micro-batch's records (validation, ids, dedup keys, click-event fields) — the part of a
    /// batch that depends on nothing but each record's bytes. The rest (dedup, accounting, windows) runs in log order,
    /// so results are the same for every value.
    /// </summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>How far back (in event time, behind the newest record seen) duplicates are recognised.</summary>
    public TimeSpan DedupHorizon { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The most record keys the dedup index holds (21–43 bytes each); past it the oldest bucket (an hour, or 2.9M keys
    /// of a busy hour) is dropped early, shortening the horizon (counted in <see cref="StreamMetrics.DedupEvictions"/>).
    /// The default, two full buckets, keeps the index within ~200 MB (decision 59).
    /// </summary>
    public int MaxDedupKeys { get; init; } = 5_800_000;

    /// <summary>Watermark = the newest event time seen − this; records older than the watermark are late.</summary>
    public TimeSpan AllowedLateness { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The sliding window of top products and the funnel, and how long minute windows are kept (plus lateness).</summary>
    public TimeSpan WindowRetention { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A session is active when it had an event within this much event time of the newest event.</summary>
    public TimeSpan ActiveSessionWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A product whose on-hand stock (summed over warehouses) is under its threshold raises a low-stock alert.</summary>
    public int DefaultLowStockThreshold { get; init; } = 10;

    /// <summary>Per-product low-stock thresholds overriding <see cref="DefaultLowStockThreshold"/>.</summary>
    public IReadOnlyDictionary<string, int> LowStockThresholds { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>Complete minutes whose orders form the trailing average of the anomaly rule.</summary>
    public int AnomalyTrailingMinutes { get; init; } = 15;

    /// <summary>The last complete minute is anomalous when its orders are below this fraction of the trailing average …</summary>
    public double AnomalyDropRatio { get; init; } = 0.5;

    /// <summary>… and the trailing average is at least this many orders per minute (too little traffic says nothing).</summary>
    public double AnomalyMinimumAverage { get; init; } = 5;

    /// <summary>Throws <see cref="CartwheelException"/> (<c>argument.invalid</c>) when a setting is out of range.</summary>
    public StreamOptions Validate()
    {
        Require(BatchInterval > TimeSpan.Zero, "BatchInterval must be positive");
        Require(MaxBatchRecords > 0, "MaxBatchRecords must be positive");
        Require(Parallelism > 0, "Parallelism must be positive");
        Require(DedupHorizon >= TimeSpan.Zero, "DedupHorizon must not be negative");
        Require(MaxDedupKeys > 0, "MaxDedupKeys must be positive");
        Require(AllowedLateness >= TimeSpan.Zero, "AllowedLateness must not be negative");
        Require(WindowRetention >= TimeSpan.FromMinutes(1), "WindowRetention must be at least one minute");
        Require(ActiveSessionWindow > TimeSpan.Zero, "ActiveSessionWindow must be positive");
        Require(AnomalyTrailingMinutes > 0 && AnomalyDropRatio is > 0 and < 1, "the anomaly rule needs trailing minutes > 0 and 0 < ratio < 1");
        Require(!string.IsNullOrWhiteSpace(Source), "Source must be set");
        return this;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new CartwheelException(ErrorCodes.InvalidArgument, "Invalid stream options: " + message + ".");
        }
    }
}
