namespace Cartwheel.Log;

/// <summary>
/// The durable event log between the sources and the stream processor, shaped like a partitioned log with
/// offsets (Kafka's model), so the embedded SQLite log and Kafka are interchangeable. Records are spread over
/// partitions by key (user id), so one user's records keep their order.
/// </summary>
public interface IEventLog : IAsyncDisposable
{
    /// <summary>The number of partitions.</summary>
    int Partitions { get; }

    /// <summary>
    /// Appends records and returns when they are durable (fsynced / acknowledged by the cluster). The returned
    /// list holds each record's (partition, offset) in input order. Throws <see cref="LogFullException"/> when the
    /// log cannot take more right now (back-pressure: callers answer 429 with Retry-After).
    /// </summary>
    ValueTask<IReadOnlyList<(int Partition, long Offset)>> AppendAsync(IReadOnlyList<LogAppend> records, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads up to <paramref name="maxRecords"/> records of a partition starting at <paramref name="fromOffset"/>. A
    /// record's payload (and checked form) is valid until the partition is truncated past it, by any caller: the
    /// embedded log reuses the memory of truncated records (decision 65). A reader that keeps payloads longer, while
    /// a consumer truncates, copies them.
    /// </summary>
    ValueTask<IReadOnlyList<LogRecord>> ReadAsync(int partition, long fromOffset, int maxRecords, CancellationToken cancellationToken = default);

    /// <summary>The offset the next record appended to <paramref name="partition"/> will get.</summary>
    long EndOffset(int partition);

    /// <summary>
    /// Drops the records of a partition below <paramref name="beforeOffset"/> (they are committed downstream). Once it
    /// is called, no reader may use the payloads of records read below that offset: the log may reuse their memory
    /// (the embedded log's tail does, decision 65).
    /// </summary>
    ValueTask TruncateAsync(int partition, long beforeOffset, CancellationToken cancellationToken = default);
}
