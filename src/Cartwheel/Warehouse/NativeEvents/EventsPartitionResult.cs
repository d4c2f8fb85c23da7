namespace Cartwheel.Warehouse.NativeEvents;

/// <summary>What <see cref="EventsPartitionScan"/> made of one partition: the staged silver file, the record accounting and the parsing threads used.</summary>
internal sealed record EventsPartitionResult(DateOnly Date, string StagedFile, long Received, long Accepted, long Duplicates, IReadOnlyList<RejectedEvent> Rejected,
    int Workers);
