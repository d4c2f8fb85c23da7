using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Cartwheel.Log;

/// <summary>The group-commit writer: the one owner of every write to the log's tables.</summary>
public sealed partial class SqliteEventLog
{
    private void StartWriter()
    {
        var connection = _catalog.OpenConnection();
        var state = PartitionState.Load(connection, _options.Partitions);
        Array.Copy(state.Next, _endOffsets, state.Next.Length);
        Array.Copy(state.Start, _startOffsets, state.Start.Length);
        _retainedRecords = state.Retained;
        _retainedBytes = state.Bytes.Sum();
        _tail = new LogTail(state.Next, _options.TailBytes, _chunkPool);

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
        var chunks = new List<(int Partition, LogTail.Chunk Chunk)>();
        long released = 0, releasedBytes = 0;
        try
        {
            using var transaction = connection.BeginTransaction();
            using var insert = new ChunkInsert(connection, appendedAt);
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
                    results[i] = Insert(insert, state, work.Records, appendedAt, chunks);
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

        _tail.Add(chunks);
        for (var p = 0; p < state.Next.Length; p++)
        {
            _tail.Truncate(p, state.Start[p]);
            Volatile.Write(ref _endOffsets[p], state.Next[p]);
            Volatile.Write(ref _startOffsets[p], state.Start[p]);
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

    /// <summary>
    /// Gives each record its partition and offset and writes the request's records as one chunk row per partition
    /// (sql/catalog/008_event_log_chunks.sql): a few inserts per request instead of one per record. Each chunk is
    /// also added to <paramref name="chunks"/> (a copy, with the append time as stored) for the tail once committed.
    /// </summary>
    private (int Partition, long Offset)[] Insert(ChunkInsert insert, PartitionState state, IReadOnlyList<LogAppend> records,
        DateTimeOffset appendedAt, List<(int Partition, LogTail.Chunk Chunk)> chunks)
    {
        var offsets = new (int Partition, long Offset)[records.Count];
        var partitions = _options.Partitions;
        Span<int> counts = stackalloc int[partitions];
        Span<long> sizes = stackalloc long[partitions];
        Span<long> payloadBytes = stackalloc long[partitions];
        for (var r = 0; r < records.Count; r++)
        {
            var record = records[r];
            var partition = record.Key is null ? state.NextRoundRobin() : PartitionHash.For(record.Key, partitions);
            offsets[r] = (partition, state.Next[partition] + counts[partition]);
            counts[partition]++;
            payloadBytes[partition] += record.Payload.Length;
            sizes[partition] += LogChunk.Size(record);
        }

        for (var p = 0; p < partitions; p++)
        {
            if (counts[p] == 0)
            {
                continue;
            }

            // With a tail the chunk is written straight into the array the tail keeps (pooled: decision 65), else into one reused buffer.
            var blob = _options.TailBytes > 0 ? _chunkPool.Rent(sizes[p])
                : _chunk.Length >= sizes[p] ? _chunk : (_chunk = new byte[Math.Max(sizes[p], _chunk.Length * 2L)]);
            var written = 0;
            for (var r = 0; r < records.Count; r++)
            {
                if (offsets[r].Partition == p)
                {
                    written += LogChunk.Write(blob.AsSpan(written), records[r]);
                }
            }

            insert.Execute(p, state.Next[p], counts[p], payloadBytes[p], blob.AsSpan(0, written));
            if (_options.TailBytes > 0)
            {
                chunks.Add((p, new LogTail.Chunk(state.Next[p], counts[p], blob, written, DateTimeOffset.FromUnixTimeMilliseconds(appendedAt.ToUnixTimeMilliseconds()))));
            }

            state.Next[p] += counts[p];
            state.Bytes[p] += payloadBytes[p];
        }

        return offsets;
    }

    /// <summary>
    /// The chunk INSERT as a raw SQLite statement on the transaction's connection: the records are bound as a span
    /// (SQLite copies them into its own memory), where Microsoft.Data.Sqlite binds a byte[] only whole and so copied
    /// the used part of every chunk into a new array, ~25% of the server's allocations at full rate (decision 65).
    /// </summary>
    private sealed class ChunkInsert : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;
        private readonly long _appendedAt;

        public ChunkInsert(SqliteConnection connection, DateTimeOffset appendedAt)
        {
            _db = connection.Handle!;
            _appendedAt = appendedAt.ToUnixTimeMilliseconds();
            var rc = raw.sqlite3_prepare_v2(_db,
                "INSERT INTO event_log_chunks (partition_no, first_offset, record_count, payload_bytes, records, appended_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                out _statement);
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        public void Execute(int partition, long firstOffset, int count, long payloadBytes, ReadOnlySpan<byte> records)
        {
            try
            {
                Check(raw.sqlite3_bind_int(_statement, 1, partition));
                Check(raw.sqlite3_bind_int64(_statement, 2, firstOffset));
                Check(raw.sqlite3_bind_int(_statement, 3, count));
                Check(raw.sqlite3_bind_int64(_statement, 4, payloadBytes));
                Check(raw.sqlite3_bind_blob(_statement, 5, records));
                Check(raw.sqlite3_bind_int64(_statement, 6, _appendedAt));
                var rc = raw.sqlite3_step(_statement);
                if (rc != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(rc, _db);
                }
            }
            finally
            {
                raw.sqlite3_reset(_statement);
                raw.sqlite3_clear_bindings(_statement);
            }
        }

        public void Dispose() => _statement.Dispose();

        private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, _db);
    }
}
