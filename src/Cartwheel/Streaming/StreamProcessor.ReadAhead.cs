using Cartwheel.Log;

namespace Cartwheel.Streaming;

public sealed partial class StreamProcessor
{
    // Two read buffers: the batch being sorted and committed, and the one read ahead of it (decision 68).
    private readonly ReadBatch[] _reads = [new(), new()];
    private int _nextRead;
    private Ahead? _ahead;
    private readonly Lock _aheadLock = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>
    /// Reads up to <see cref="StreamOptions.MaxBatchRecords"/> records over all partitions from <paramref name="from"/>
    /// into the next read buffer and checks them (<see cref="CheckAll"/>); touches nothing the batch in commit uses.
    /// </summary>
    private async Task<ReadBatch> ReadAsync(long[] from, long started, CancellationToken cancellationToken)
    {
        var batch = _reads[_nextRead];
        _nextRead ^= 1;
        batch.Clear();
        batch.Started = started;
        batch.Next = (long[])from.Clone();
        var records = batch.Records;
        for (var p = 0; p < from.Length && records.Count < _options.MaxBatchRecords; p++)
        {
            var read = await _log.ReadAsync(p, from[p], _options.MaxBatchRecords - records.Count, cancellationToken);
            records.AddRange(read);
            if (read.Count > 0)
            {
                batch.Next[p] = read[^1].Offset + 1;
            }
        }

        batch.ReadToEnd = records.Count < _options.MaxBatchRecords;
        batch.Checks = CheckAll(records, batch.Checks);
        return batch;
    }

    /// <summary>
    /// Starts reading and checking the batch after <paramref name="current"/> from where its read ended, at the time the
    /// next batch would start without read-ahead: <see cref="StreamOptions.BatchInterval"/> after <paramref name="current"/>'s
    /// read started, at once when it was full, and at the latest when the next batch is asked for (so a caller never
    /// waits longer than without read-ahead, whatever its clock). Its records lie past <paramref name="current"/>'s, so
    /// the log's truncation of committed batches never reaches them.
    /// </summary>
    private Ahead ReadAhead(ReadBatch current)
    {
        var from = current.Next;
        var wait = current.ReadToEnd ? _options.BatchInterval - _time.GetElapsedTime(current.Started) : TimeSpan.Zero;
        // Linked to the processor's life only: the call that takes it brings its own token (TakeAheadAsync).
        var ahead = new Ahead(CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token));
        var token = ahead.Stop.Token;
        ahead.Read = Task.Run(async () =>
        {
            if (wait > TimeSpan.Zero)
            {
                using var delay = CancellationTokenSource.CreateLinkedTokenSource(token);
                await Task.WhenAny(Task.Delay(wait, _time, delay.Token), ahead.Go.Task);
                await delay.CancelAsync();
                token.ThrowIfCancellationRequested();
            }

            return await ReadAsync(from, _time.GetTimestamp(), token);
        }, CancellationToken.None);
        return ahead;
    }

    /// <summary>Starts the read-ahead after <paramref name="current"/>, unless the processor is being disposed.</summary>
    private void StartReadAhead(ReadBatch current)
    {
        lock (_aheadLock)
        {
            if (!_disposed)
            {
                _ahead = ReadAhead(current);
            }
        }
    }

    /// <summary>
    /// The batch read ahead, if any and not empty (its failure is this call's: nothing of it was committed, so it is read
    /// again). An empty one is dropped: records may have come since it looked, and a fresh read costs nothing then.
    /// </summary>
    private async Task<ReadBatch?> TakeAheadAsync(CancellationToken cancellationToken)
    {
        Ahead? ahead;
        lock (_aheadLock)
        {
            ahead = _ahead;
            _ahead = null;
        }

        if (ahead is null)
        {
            return null;
        }

        using (ahead.Stop)
        {
            ahead.Go.TrySetResult();
            ReadBatch batch;
            try
            {
                batch = await ahead.Read.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // This call is cancelled: the read stops before its buffer can be used again.
                await ahead.Stop.CancelAsync();
                try
                {
                    await ahead.Read;
                }
                catch (Exception)
                {
                    // Cancelled or failed: nothing of it is used.
                }

                throw;
            }

            if (batch.Records.Count > 0)
            {
                return batch;
            }

            batch.Clear();
            return null;
        }
    }

    /// <summary>Stops and drops the batch read ahead (after a failed batch its start is wrong; on dispose nothing may run on).</summary>
    private void DiscardAhead()
    {
        Ahead? ahead;
        lock (_aheadLock)
        {
            ahead = _ahead;
            _ahead = null;
        }

        if (ahead is null)
        {
            return;
        }

        using (ahead.Stop)
        {
            ahead.Stop.Cancel();
            try
            {
                ahead.Read.GetAwaiter().GetResult().Clear();
            }
            catch (Exception)
            {
                // A read that failed or was cancelled left nothing behind: it only read the log and checked bytes.
            }
        }
    }

    /// <summary>Waits for a task whose outcome no longer matters (what it read is dropped).</summary>
    private static void Settle(Task task)
    {
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (Exception)
        {
            // A read that failed or was cancelled left nothing behind: it only read the log and checked bytes.
        }
    }

    /// <summary>A read ahead in flight: its task, the signal to start at once, and its cancellation.</summary>
    private sealed class Ahead(CancellationTokenSource stop)
    {
        public CancellationTokenSource Stop { get; } = stop;

        public TaskCompletionSource Go { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<ReadBatch> Read { get; set; } = Task.FromResult(new ReadBatch());
    }

    /// <summary>A batch's records as read and checked, before dedup and accounting.</summary>
    private sealed class ReadBatch
    {
        public List<LogRecord> Records { get; } = [];

        public CheckedRecord[] Checks { get; set; } = [];

        /// <summary>When its read started (TimeProvider timestamp).</summary>
        public long Started { get; set; }

        /// <summary>Whether it read every partition to its end.</summary>
        public bool ReadToEnd { get; set; }

        /// <summary>The offsets after its records, per partition.</summary>
        public long[] Next { get; set; } = [];

        /// <summary>Empties it, references included (payloads must not stay reachable from here).</summary>
        public void Clear()
        {
            Records.Clear();
            Array.Clear(Checks);
        }
    }
}
