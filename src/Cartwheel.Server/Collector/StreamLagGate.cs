using Cartwheel.Server.Errors;
using Cartwheel.Server.Options;
using Cartwheel.Streaming;
using Microsoft.Extensions.Options;

namespace Cartwheel.Server.Collector;

/// <summary>
/// Back-pressure on the stream's lag (docs/collector.md): while the stream processor is more than
/// <see cref="CollectorOptions.MaxStreamLag"/> behind with at least <see cref="CollectorOptions.MinStreamLagRecords"/>
/// records unprocessed, a request waits up to <see cref="CollectorOptions.StreamLagWait"/> for the lag to fall and is
/// then refused with 429 <c>collector.stream_lagging</c> and Retry-After — before anything is appended, so a refused
/// request left nothing in the log and the client's retry is the only copy. This keeps event→dashboard latency bounded
/// when clients offer more than the stream can take; the log's size limit (<c>log.full</c>) stays the last resort.
/// </summary>
internal sealed class StreamLagGate(StreamProcessor processor, IOptions<CollectorOptions> options)
{
    public const string Code = "collector.stream_lagging";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var lag = processor.Lag();
        if (!Lagging(lag, settings))
        {
            return;
        }

        // Wall clock: this paces a request, whatever clock the processor measures its lag with.
        var started = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(started) < settings.StreamLagWait)
        {
            await Task.Delay(PollInterval, cancellationToken);
            lag = processor.Lag();
            if (!Lagging(lag, settings))
            {
                return;
            }
        }

        throw new HttpProblemException(StatusCodes.Status429TooManyRequests, Code,
            $"The stream is {lag.Age.TotalMilliseconds:0} ms behind ({lag.Records} records not yet processed); retry after 1 s.")
        {
            RetryAfter = TimeSpan.FromSeconds(1),
        };
    }

    private static bool Lagging(StreamLag lag, CollectorOptions settings) =>
        lag.Records >= settings.MinStreamLagRecords && lag.Age > settings.MaxStreamLag;
}
