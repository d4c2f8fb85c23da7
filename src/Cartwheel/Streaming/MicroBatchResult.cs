namespace Cartwheel.Streaming;

/// <summary>What one micro-batch did. An empty batch (nothing to read) has <see cref="BatchId"/> null.</summary>
public sealed record MicroBatchResult(
    string? BatchId,
    long Received,
    long Accepted,
    long Quarantined,
    long Duplicates,
    long OnTime,
    long Late,
    IReadOnlyDictionary<string, long> QuarantinedByReason,
    IReadOnlyList<string> BronzeFiles,
    DateTimeOffset? Watermark,
    TimeSpan Duration)
{
    public static MicroBatchResult Empty(DateTimeOffset? watermark, TimeSpan duration) =>
        new(null, 0, 0, 0, 0, 0, 0, new Dictionary<string, long>(StringComparer.Ordinal), [], watermark, duration);
}
