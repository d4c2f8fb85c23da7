using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Cartwheel.Lake;

namespace Cartwheel.Ingest;

/// <summary>
/// Streams one file through two threads: the calling thread splits and parses records (quarantining the
/// bad ones), a second thread appends accepted rows to DuckDB; a small bounded queue of row batches
/// between them keeps memory flat.
/// </summary>
internal sealed partial class FilePipeline(
    RecordSplitter splitter, InputFormat format, KindSpec spec, QuarantineWriter quarantine, BronzeBatchWriter writer, string path)
{
    private const int BatchRows = 4096;
    private const int QueuedBatches = 8;

    /// <summary>Runs the file to its end; returns the records received (non-blank) and accepted.</summary>
    public (long Received, long Accepted) Run(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var queue = new BlockingCollection<RowBatch>(QueuedBatches);
        var consumer = Task.Factory.StartNew(() =>
        {
            try
            {
                foreach (var batch in queue.GetConsumingEnumerable(linked.Token))
                {
                    writer.Append(batch.Rows.AsSpan(0, batch.Count));
                }
            }
            catch
            {
                linked.Cancel();
                throw;
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        Exception? producerError = null;
        var counts = (Received: 0L, Accepted: 0L);
        try
        {
            counts = Produce(batch => queue.Add(batch, linked.Token), linked.Token);
        }
        catch (Exception ex)
        {
            producerError = ex;
            linked.Cancel();
        }

        queue.CompleteAdding();
        try
        {
            consumer.GetAwaiter().GetResult();
        }
        catch (Exception) when (producerError is null || (producerError is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            // The consumer stopped because the producer failed; the producer's error is the one to report.
        }

        if (producerError is not null)
        {
            ExceptionDispatchInfo.Throw(producerError);
        }

        return counts;
    }

    private readonly record struct RowBatch(BronzeRow[] Rows, int Count);
}
