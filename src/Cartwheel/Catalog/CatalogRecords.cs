namespace Cartwheel.Catalog;

/// <summary>An input file that has been ingested into bronze.</summary>
public sealed record IngestedFile(
    string FileHash,
    string Path,
    string Kind,
    string Format,
    long SizeBytes,
    long RowsReceived,
    long RowsAccepted,
    long RowsQuarantined,
    string BatchId,
    string? RunId,
    DateTimeOffset IngestedAt);

/// <summary>A committed bronze Parquet file (path relative to the data directory).</summary>
public sealed record BronzeFile(
    string Path,
    string Kind,
    DateOnly Date,
    string BatchId,
    string? FileHash,
    long RowCount,
    long SizeBytes,
    string Sha256,
    DateTimeOffset CommittedAt);

/// <summary>
/// Record accounting for one stage, batch and partition: <c>received = accepted + quarantined + duplicates</c>.
/// </summary>
public sealed record BatchAccounting(
    string BatchId,
    string Stage,
    string Kind,
    string Date,
    string Source,
    string? RunId,
    long Received,
    long Accepted,
    long Quarantined,
    long Duplicates)
{
    /// <summary>True when the counts add up.</summary>
    public bool Balances => Received == Accepted + Quarantined + Duplicates;
}

/// <summary>How many records of a batch went to quarantine for one reason, and where they are.</summary>
public sealed record QuarantineCount(
    string BatchId,
    string Stage,
    string Kind,
    string Date,
    string Reason,
    long Count,
    string Path);

/// <summary>The current build of one silver partition.</summary>
public sealed record SilverPartition(
    string Kind,
    DateOnly Date,
    string Path,
    long RowCount,
    string BatchId,
    string? RunId,
    DateTimeOffset BuiltAt);

/// <summary>One command or pipeline run.</summary>
public sealed record RunRecord(
    string RunId,
    string Command,
    string Arguments,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string Status,
    string? Error);

/// <summary>A kept published version of a gold table; <see cref="IsCurrent"/> when readers see it.</summary>
public sealed record GoldVersion(string Table, long Version, DateTimeOffset CreatedAt, string? RunId, long RowCount, bool IsCurrent);

/// <summary>The new build of one silver partition: what to record, its accounting and quarantine, its input fingerprint.</summary>
public sealed record SilverCommit(SilverPartition Partition, BatchAccounting Accounting, IReadOnlyList<QuarantineCount> Quarantine, string? InputFingerprint);

/// <summary>One file of a current silver partition: its base file, or one appended to it (path relative to the data directory).</summary>
public sealed record SilverFile(string Kind, DateOnly Date, string Path, long RowCount, string BatchId);

/// <summary>
/// An append to a silver partition: the partition's new row (base file, total rows), every file appended to it
/// (including earlier ones; none after a rewrite), its new accounting totals, the quarantine counts of the new bronze
/// rows only, and the fingerprint of all its bronze inputs.
/// </summary>
public sealed record SilverAppendCommit(
    SilverPartition Partition,
    IReadOnlyList<SilverFile> Appended,
    BatchAccounting Accounting,
    IReadOnlyList<QuarantineCount> Quarantine,
    string InputFingerprint);
