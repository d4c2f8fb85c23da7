namespace Cartwheel.Warehouse.NativeEvents;

/// <summary>
/// How <see cref="EventsPartitionScan"/> spreads one partition over parsing threads (decision 34): one per
/// <see cref="RowsPerWorker"/> bronze rows, at most <see cref="Workers"/>, at least one; each hands its accepted
/// records over in chunks of <see cref="ChunkRows"/>.
/// </summary>
internal sealed record EventsScanOptions(int Workers, long RowsPerWorker, int ChunkRows = EventsChunk.DefaultCapacity)
{
    /// <summary>One worker per core for partitions of more than 128 Ki rows (a smaller one is cheap on one thread).</summary>
    public static EventsScanOptions Default { get; } = new(Environment.ProcessorCount, 128 * 1024);

    public int WorkersFor(long rows) => (int)Math.Clamp(rows / Math.Max(1, RowsPerWorker), 1, Math.Max(1, Workers));
}
