using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Cartwheel.Lake;

namespace Cartwheel.Ingest;

/// <summary>
/// Streams one file through 1 + N threads: the calling thread splits and parses records (quarantining the bad
/// ones) and deals batches of accepted rows round-robin to the writer's N streams, each draining its own small
/// bounded queue into a Parquet COPY on its own thread. Bounded queues keep memory flat; several streams keep
/// both cores busy, since Parquet encoding costs more CPU per row than parsing.
/// </summary>
internal sealed partial class FilePipeline(
    RecordSplitter splitter, InputFormat format, KindSpec spec, QuarantineWriter quarantine, BronzeBatchWriter writer, string path)
{
    private const int BatchRows = 4096;
    private const int QueuedBatches = 4;

    /// <summary>Runs the file to its end; returns the records received (non-blank) and accepted.</summary>
    public (long Received, long Accepted) Run(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var queues = new BlockingCollection<RowBatch>[writer.Streams];
        var consumers = new Task[writer.Streams];
        for (var i = 0; i < queues.Length; i++)
        {
            var (stream, queue) = (i, queues[i] = new BlockingCollection<RowBatch>(QueuedBatches));
            consumers[i] = Task.Factory.StartNew(() =>
            {
                try
                {
                    writer.Write(stream, queue.GetConsumingEnumerable(linked.Token).SelectMany(batch => batch.Rows.Take(batch.Count)));
                }
                catch
                {
                    linked.Cancel();
                    throw;
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        Exception? producerError = null;
        var counts = (Received: 0L, Accepted: 0L);
        var next = 0;
        try
        {
            counts = Produce(batch => queues[next++ % queues.Length].Add(batch, linked.Token), linked.Token);
        }
        catch (Exception ex)
        {
            producerError = ex;
            linked.Cancel();
        }

        foreach (var queue in queues)
        {
            queue.CompleteAdding();
        }

        try
        {
            // Not cancellable: the writers must have stopped before their output can be removed.
            Task.WaitAll(consumers, CancellationToken.None);
        }
        catch (AggregateException ex) when (producerError is null || (producerError is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The first writer failure that is not just the echo of another's cancellation.
            var cause = ex.InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException && !IsCancelEcho(e)) ?? ex.InnerExceptions[0];
            ExceptionDispatchInfo.Throw(cause);
        }
        catch (AggregateException)
        {
            // The writers stopped because the producer failed; the producer's error is the one to report.
        }
        finally
        {
            foreach (var queue in queues)
            {
                queue.Dispose();
            }
        }

        if (producerError is not null)
        {
            ExceptionDispatchInfo.Throw(producerError);
        }

        return counts;
    }

    /// <summary>A COPY that failed only because its row source was cancelled (DuckDB wraps the cancellation in its own error).</summary>
    private static bool IsCancelEcho(Exception e) => e.Message.Contains("operation was canceled", StringComparison.OrdinalIgnoreCase);

    private readonly record struct RowBatch(BronzeRow[] Rows, int Count);
}
