namespace Cartwheel.Log;

/// <summary>Reads (any thread, own connection; WAL lets them run beside the writer) and truncation.</summary>
public sealed partial class SqliteEventLog
{
    /// <inheritdoc />
    /// <remarks>SQLite is synchronous: the read runs on the caller's thread and completes synchronously.</remarks>
    public ValueTask<IReadOnlyList<LogRecord>> ReadAsync(int partition, long fromOffset, int maxRecords, CancellationToken cancellationToken = default)
    {
        CheckPartition(partition);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRecords);
        ObjectDisposedException.ThrowIf(!IsOpen, this);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _catalog.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT log_offset, kind, record_key, payload, appended_at FROM event_log
            WHERE partition_no = $p AND log_offset >= $from ORDER BY log_offset LIMIT $max
            """;
        command.Parameters.AddWithValue("$p", partition);
        command.Parameters.AddWithValue("$from", fromOffset);
        command.Parameters.AddWithValue("$max", maxRecords);
        using var reader = command.ExecuteReader();
        var records = new List<LogRecord>();
        while (reader.Read())
        {
            records.Add(new LogRecord(
                partition,
                reader.GetInt64(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                (byte[])reader.GetValue(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
        }

        return ValueTask.FromResult<IReadOnlyList<LogRecord>>(records);
    }

    /// <inheritdoc />
    public async ValueTask TruncateAsync(int partition, long beforeOffset, CancellationToken cancellationToken = default)
    {
        CheckPartition(partition);
        cancellationToken.ThrowIfCancellationRequested();
        var work = new LogWork(partition, beforeOffset);
        lock (_admission)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _queue.Writer.TryWrite(work);
        }

        await work.Appended.Task;
    }
}
