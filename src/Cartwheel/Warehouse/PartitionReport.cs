namespace Cartwheel.Warehouse;

/// <summary>
/// Record accounting of one silver partition after a run: <c>received = accepted + quarantined + duplicates</c>.
/// <paramref name="Rebuilt"/> is false when its bronze inputs had not changed and the build was skipped
/// (the counts are then those of the current build).
/// </summary>
public sealed record PartitionReport(
    string Kind,
    DateOnly Date,
    long Received,
    long Accepted,
    long Quarantined,
    long Duplicates,
    bool Rebuilt);
