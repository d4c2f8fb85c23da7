using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Cartwheel.Log;

/// <summary>The group-commit writer: the one owner of every write to the log's tables.</summary>
public sealed partial class SqliteEventLog
{
    private void StartWriter()
    {
        var connection = _catalog.OpenConnection();
        var state = PartitionState.Load(connection, _options.Partitions);
        Array.Copy(state.Next, _endOffsets, state.Next.Length);
        _retainedRecords = state.Retained;
        _retainedBytes = state.Bytes.Sum();

        _logger.EventLogOpened(_options.Partitions, _retainedRecords);
        _writer = Task.Run(() => WriteLoopAsync(connection, state));
    }

    private async Task WriteLoopAsync(SqliteConnection connection, PartitionState state)
    {
        await using var _ = connection;
        var reader = _queue.Reader;
        var batch = new List<LogWork>();
        while (await reader.WaitToReadAsync())
        {
            var records = 0;
            var deadline = Stopwatch.GetTimestamp() + (long)(_options.CommitWindow.TotalSeconds * Stopwatch.Frequency);
            while (true)
            {
                while (records < _options.MaxBatchRecords && reader.TryRead(out var work))
                {
                    batch.Add(work);
                    records += work.Records.Count;
                }

                var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                if (records >= _options.MaxBatchRecords || remaining <= TimeSpan.Zero || !await WaitForMoreAsync(reader, remaining))
                {
                    break;
                }
            }

            Commit(connection, state, batch);
            batch.Clear();
        }
    }

    private static async Task<bool> WaitForMoreAsync(ChannelReader<LogWork> reader, TimeSpan timeout)
    {
        using var timer = new CancellationTokenSource(timeout);
        try
        {
            return await reader.WaitToReadAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Commit(SqliteConnection connection, PartitionState state, List<LogWork> batch)
    {
        var before = state.Copy();
        var results = new (int Partition, long Offset)[batch.Count][];
        var appendedAt = DateTimeOffset.UtcNow;
        long released = 0, releasedBytes = 0;
        try
        {
            using var transaction = connection.BeginTransaction();
            using var insert = InsertCommand(connection, transaction, appendedAt);
            for (var i = 0; i < batch.Count; i++)
            {
                var work = batch[i];
                released += work.Records.Count;
                releasedBytes += work.Bytes;
                if (work.TruncatePartition >= 0)
                {
                    state.Truncate(connection, transaction, work.TruncatePartition, work.TruncateBefore);
                }
                else if (!work.CancellationToken.IsCancellationRequested)
                {
                    results[i] = Insert(insert, state, work.Records);
                }
            }

            state.Save(connection, transaction);
            transaction.Commit();
        }
        catch (Exception ex)
        {
            state.Restore(before);
            Release(released, releasedBytes);
            _logger.EventLogCommitFailed(batch.Count, ex);
            batch.ForEach(w => w.Appended.TrySetException(ex));
            return;
        }

        lock (_admission)
        {
            _pendingRecords -= released;
            _pendingBytes -= releasedBytes;
            _retainedRecords = state.Retained;
            _retainedBytes = state.Bytes.Sum();
        }

        for (var p = 0; p < state.Next.Length; p++)
        {
            Volatile.Write(ref _endOffsets[p], state.Next[p]);
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i] is { } offsets)
            {
                batch[i].Appended.TrySetResult(offsets);
            }
            else if (batch[i].TruncatePartition >= 0)
            {
                batch[i].Appended.TrySetResult([]);
            }
            else
            {
                batch[i].Appended.TrySetCanceled(batch[i].CancellationToken);
            }
        }
    }

    private (int Partition, long Offset)[] Insert(SqliteCommand insert, PartitionState state, IReadOnlyList<LogAppend> records)
    {
        var offsets = new (int Partition, long Offset)[records.Count];
        for (var r = 0; r < records.Count; r++)
        {
            var record = records[r];
            var partition = record.Key is null ? state.NextRoundRobin() : PartitionHash.For(record.Key, _options.Partitions);
            var offset = state.Next[partition]++;
            state.Bytes[partition] += record.Payload.Length;
            insert.Parameters[0].Value = partition;
            insert.Parameters[1].Value = offset;
            insert.Parameters[2].Value = record.Kind;
            insert.Parameters[3].Value = (object?)record.Key ?? DBNull.Value;
            insert.Parameters[4].Value = WholeArray(record.Payload) ?? record.Payload.ToArray();
            insert.ExecuteNonQuery();
            offsets[r] = (partition, offset);
        }

        return offsets;
    }

    /// <summary>The payload's array when the payload is all of it (the collector's case): bound without a copy.</summary>
    private static byte[]? WholeArray(ReadOnlyMemory<byte> payload) =>
        MemoryMarshal.TryGetArray(payload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : null;

    private static SqliteCommand InsertCommand(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset appendedAt)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO event_log (partition_no, log_offset, kind, record_key, payload, appended_at) VALUES ($p, $o, $k, $key, $payload, $at)";
        foreach (var name in new[] { "$p", "$o", "$k", "$key", "$payload" })
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Parameters.AddWithValue("$at", appendedAt.ToUnixTimeMilliseconds());
        command.Prepare();
        return command;
    }
}
