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
        // Records below the partition's start are truncated even when their chunk still holds later ones.
        fromOffset = Math.Max(fromOffset, Volatile.Read(ref _startOffsets[partition]));
        var records = new List<LogRecord>();
        if (maxRecords == 0 || _tail.TryRead(partition, fromOffset, maxRecords, records))
        {
            return ValueTask.FromResult<IReadOnlyList<LogRecord>>(records);
        }

        using var connection = _catalog.OpenConnection();
        using (var legacy = connection.CreateCommand())
        {
            // Rows written before chunks (006) precede every chunk of their partition.
            legacy.CommandText = """
                SELECT log_offset, kind, record_key, payload, appended_at FROM event_log
                WHERE partition_no = $p AND log_offset >= $from ORDER BY log_offset LIMIT $max
                """;
            legacy.Parameters.AddWithValue("$p", partition);
            legacy.Parameters.AddWithValue("$from", fromOffset);
            legacy.Parameters.AddWithValue("$max", maxRecords);
            using var reader = legacy.ExecuteReader();
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
        }

        if (records.Count > 0)
        {
            fromOffset = records[^1].Offset + 1;
        }

        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT first_offset, record_count, records, appended_at FROM event_log_chunks
            WHERE partition_no = $p AND first_offset >= (
                SELECT COALESCE(MAX(first_offset), 0) FROM event_log_chunks WHERE partition_no = $p AND first_offset <= $from)
            ORDER BY first_offset
            """;
        command.Parameters.AddWithValue("$p", partition);
        command.Parameters.AddWithValue("$from", fromOffset);
        using (var reader = command.ExecuteReader())
        {
            while (records.Count < maxRecords && reader.Read())
            {
                LogChunk.Read((byte[])reader.GetValue(2), partition, reader.GetInt64(0), reader.GetInt32(1), fromOffset,
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), records, maxRecords);
            }
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
