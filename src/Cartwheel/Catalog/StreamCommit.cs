namespace Cartwheel.Catalog;

/// <summary>
/// Everything one stream micro-batch commits at once: its bronze files (already renamed into place), record
/// accounting per kind, quarantine counts, the consumer positions after it, its batch record and the
/// real-time checkpoint (JSON) that includes it.
/// </summary>
public sealed record StreamCommit(
    IReadOnlyList<BronzeFile> BronzeFiles,
    IReadOnlyList<BatchAccounting> Accounting,
    IReadOnlyList<QuarantineCount> Quarantine,
    IReadOnlyList<SourcePosition> Positions,
    StreamBatchRecord Batch,
    string Checkpoint);
