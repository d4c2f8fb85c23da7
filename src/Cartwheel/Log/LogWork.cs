namespace Cartwheel.Log;

/// <summary>One request queued for the log's writer: an append of records, or a truncation of one partition.</summary>
internal sealed class LogWork
{
    public LogWork(IReadOnlyList<LogAppend> records, long bytes, CancellationToken cancellationToken)
    {
        Records = records;
        Bytes = bytes;
        CancellationToken = cancellationToken;
    }

    public LogWork(int partition, long beforeOffset)
    {
        Records = [];
        TruncatePartition = partition;
        TruncateBefore = beforeOffset;
    }

    public IReadOnlyList<LogAppend> Records { get; }

    public long Bytes { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>The partition to truncate, or -1 for an append.</summary>
    public int TruncatePartition { get; } = -1;

    public long TruncateBefore { get; }

    /// <summary>Completed after the commit with each record's (partition, offset), in input order.</summary>
    public TaskCompletionSource<IReadOnlyList<(int Partition, long Offset)>> Appended { get; } =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
}
