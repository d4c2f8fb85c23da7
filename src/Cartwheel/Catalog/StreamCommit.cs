namespace Cartwheel.Catalog;

/// <summary>
/// Everything one stream micro-batch commits at once: its bronze files (already renamed into place), record
/// accounting per kind, quarantine counts, the consumer positions after it, its batch record and the
/// part of the real-time checkpoint that brings it up to this batch (a full snapshot or the batch's delta).
/// </summary>
public sealed record StreamCommit(
    IReadOnlyList<BronzeFile> BronzeFiles,
    IReadOnlyList<BatchAccounting> Accounting,
    IReadOnlyList<QuarantineCount> Quarantine,
    IReadOnlyList<SourcePosition> Positions,
    StreamBatchRecord Batch,
    StreamStatePart Checkpoint);
