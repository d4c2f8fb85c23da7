using Cartwheel.Log;

namespace Cartwheel.Tests.Streaming;

/// <summary>
/// TEST ONLY: a trivial in-memory <see cref="IEventLog"/> (no durability, no back-pressure). The real embedded
/// log (SQLite) is written elsewhere; this one only lets the stream processor's tests append, read and truncate.
/// Records go to partition hash(key) mod partitions (key null: partition 0).
/// </summary>
internal sealed class InMemoryEventLog(int partitions, TimeProvider? time = null) : IEventLog
{
    private readonly List<LogRecord>[] _records = Enumerable.Range(0, partitions).Select(_ => new List<LogRecord>()).ToArray();
    private readonly long[] _next = new long[partitions];

    public int Partitions => partitions;

    /// <summary>The next this many truncations throw (a log that cannot reclaim space for a while).</summary>
    public int FailTruncations { get; set; }

    /// <summary>The partition a key's records go to.</summary>
    public int PartitionOf(string? key) => key is null ? 0 : (int)((uint)key.Sum(c => c * 31) % (uint)partitions);

    /// <summary>Records still held (not truncated) in a partition.</summary>
    public int Held(int partition) => _records[partition].Count;

    public ValueTask<IReadOnlyList<(int Partition, long Offset)>> AppendAsync(IReadOnlyList<LogAppend> records, CancellationToken cancellationToken = default)
    {
        var placed = new List<(int, long)>();
        foreach (var record in records)
        {
            var p = PartitionOf(record.Key);
            var offset = _next[p]++;
            _records[p].Add(new LogRecord(p, offset, record.Kind, record.Key, record.Payload, (time ?? TimeProvider.System).GetUtcNow(), record.Checked));
            placed.Add((p, offset));
        }

        return ValueTask.FromResult<IReadOnlyList<(int, long)>>(placed);
    }

    public ValueTask<IReadOnlyList<LogRecord>> ReadAsync(int partition, long fromOffset, int maxRecords, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<LogRecord>>(_records[partition].Where(r => r.Offset >= fromOffset).Take(maxRecords).ToList());

    public long EndOffset(int partition) => _next[partition];

    public ValueTask TruncateAsync(int partition, long beforeOffset, CancellationToken cancellationToken = default)
    {
        if (FailTruncations > 0)
        {
            FailTruncations--;
            throw new IOException("simulated truncation failure");
        }

        _records[partition].RemoveAll(r => r.Offset < beforeOffset);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
