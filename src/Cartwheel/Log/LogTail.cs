namespace Cartwheel.Log;

/// <summary>
/// The newest committed chunks of each partition, kept in memory up to a byte budget, so that the stream reads what
/// was just appended without reading it back from SQLite. Per partition the chunks held are a contiguous run that
/// ends at the partition's end offset: a read from an offset at or above the run's start is served whole from
/// memory, any other from SQLite. The writer adds a transaction's chunks after it committed and before any append
/// of it completes, so a read never sees less than an acknowledged append. Chunks dropped by a truncation go back to
/// the pool their arrays came from, once no read is parsing them (so the payloads of records read from the tail
/// are valid until the log is truncated past them: <see cref="IEventLog.ReadAsync"/>); chunks dropped for the byte
/// budget do not (a reader may still hold records of them).
/// </summary>
internal sealed class LogTail
{
    private readonly Lock _lock = new();
    private readonly Queue<Chunk>[] _chunks;
    private readonly long[] _runStart;
    private readonly long _maxBytes;
    private readonly ChunkPool? _pool;
    private readonly List<byte[]> _parked = [];
    private long _bytes;
    private int _readers;

    /// <summary>An empty tail over partitions that end at <paramref name="endOffsets"/>; truncated chunks' arrays go back to <paramref name="pool"/>.</summary>
    public LogTail(long[] endOffsets, long maxBytes, ChunkPool? pool = null)
    {
        _chunks = [.. endOffsets.Select(_ => new Queue<Chunk>())];
        _runStart = (long[])endOffsets.Clone();
        _maxBytes = maxBytes;
        _pool = pool;
    }

    /// <summary>The bytes of the chunks held.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Adds committed chunks (each the next of its partition), dropping the oldest ones over the budget.</summary>
    public void Add(IReadOnlyList<(int Partition, Chunk Chunk)> chunks)
    {
        lock (_lock)
        {
            foreach (var (partition, chunk) in chunks)
            {
                var queue = _chunks[partition];
                if (chunk.Length > _maxBytes)
                {
                    // Too big to hold: the run starts again after it.
                    _bytes -= queue.Sum(c => (long)c.Length);
                    queue.Clear();
                    _runStart[partition] = chunk.FirstOffset + chunk.Count;
                    continue;
                }

                queue.Enqueue(chunk);
                _bytes += chunk.Length;
                for (var p = partition; _bytes > _maxBytes; p = (p + 1) % _chunks.Length)
                {
                    if (_chunks[p].Count > 0 && (p != partition || _chunks[p].Count > 1))
                    {
                        DropOldest(p);
                    }
                }
            }
        }
    }

    /// <summary>Drops the chunks whose records are all below <paramref name="startOffset"/> (the partition's new start).</summary>
    public void Truncate(int partition, long startOffset)
    {
        lock (_lock)
        {
            var queue = _chunks[partition];
            while (queue.Count > 0 && queue.Peek().FirstOffset + queue.Peek().Count <= startOffset)
            {
                var dropped = DropOldest(partition);
                if (_pool is not null)
                {
                    // A reader may be parsing a copy of the queue that still lists this chunk: its array waits for the last one.
                    if (_readers == 0)
                    {
                        _pool.Return(dropped.Records);
                    }
                    else
                    {
                        _parked.Add(dropped.Records);
                    }
                }
            }

            _runStart[partition] = Math.Max(_runStart[partition], Math.Min(startOffset, queue.Count > 0 ? queue.Peek().FirstOffset : startOffset));
        }
    }

    /// <summary>
    /// Adds the records from <paramref name="fromOffset"/> on (up to <paramref name="maxRecords"/> in
    /// <paramref name="records"/>) when the tail holds every one of them; false, adding nothing, otherwise.
    /// </summary>
    public bool TryRead(int partition, long fromOffset, int maxRecords, List<LogRecord> records)
    {
        Chunk[] held;
        lock (_lock)
        {
            if (_maxBytes <= 0 || fromOffset < _runStart[partition])
            {
                return false;
            }

            held = [.. _chunks[partition]];
            _readers++;
        }

        try
        {
            foreach (var chunk in held)
            {
                if (records.Count >= maxRecords)
                {
                    break;
                }

                if (chunk.FirstOffset + chunk.Count > fromOffset)
                {
                    LogChunk.Read(chunk.Records, partition, chunk.FirstOffset, chunk.Count, fromOffset, chunk.AppendedAt, records, maxRecords);
                }
            }
        }
        finally
        {
            lock (_lock)
            {
                if (--_readers == 0)
                {
                    _parked.ForEach(array => _pool?.Return(array));
                    _parked.Clear();
                }
            }
        }

        return true;
    }

    private Chunk DropOldest(int partition)
    {
        var dropped = _chunks[partition].Dequeue();
        _bytes -= dropped.Length;
        _runStart[partition] = dropped.FirstOffset + dropped.Count;
        return dropped;
    }

    /// <summary>
    /// One committed <c>event_log_chunks</c> row: its first offset, record count, encoded records (<see cref="LogChunk"/>,
    /// the first <paramref name="Length"/> bytes of <paramref name="Records"/>) and append time as stored.
    /// </summary>
    internal readonly record struct Chunk(long FirstOffset, int Count, byte[] Records, int Length, DateTimeOffset AppendedAt);
}
