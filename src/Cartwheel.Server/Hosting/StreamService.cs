using Cartwheel.Streaming;
using Microsoft.Extensions.Options;

namespace Cartwheel.Server.Hosting;

/// <summary>
/// Runs the stream processor for the life of the host: a micro-batch at least every
/// <see cref="StreamOptions.BatchInterval"/>, back to back while batches are full. This is
/// <see cref="StreamProcessor.RunAsync"/>'s loop with two differences a server needs: a batch that has started is
/// not cancelled by shutdown (it drains: commits and publishes, so what was read is not read again), and a
/// failed batch (already rolled back by the processor) is logged and retried with backoff instead of stopping the host.
/// </summary>
internal sealed class StreamService(StreamProcessor processor, IOptions<StreamOptions> options, ILogger<StreamService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var interval = options.Value.BatchInterval;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = TimeProvider.System.GetTimestamp();
            TimeSpan wait;
            try
            {
                // CancellationToken.None: shutdown waits for the batch in flight instead of throwing it away.
                var batch = await processor.ProcessBatchAsync(CancellationToken.None);
                failures = 0;
                wait = batch.Received >= options.Value.MaxBatchRecords ? TimeSpan.Zero : interval - TimeProvider.System.GetElapsedTime(started);
            }
            catch (Exception ex)
            {
                failures++;
                wait = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, interval.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 16))));
                logger.StreamBatchRetry(failures, wait, ex);
            }

            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        logger.StreamStopped(processor.Metrics.Batches);
    }
}
