using Cartwheel.Server.Metrics;
using Cartwheel.Streaming;

namespace Cartwheel.Server.Realtime;

/// <summary>
/// How the stream is doing, from the processor's published batches: records per second over the last
/// <see cref="RateWindow"/>, the last batch's duration and event→aggregate latency, and the log lag.
/// </summary>
internal sealed class PipelineHealth
{
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly Queue<(long Timestamp, long Records)> _recent = new();
    private readonly StreamProcessor _processor;
    private readonly StreamMeterBridge _bridge;
    private readonly long _startedAt = TimeProvider.System.GetTimestamp();
    private TimeSpan? _lastDuration;
    private DateTimeOffset? _lastBatchAt;

    public PipelineHealth(StreamProcessor processor, StreamMeterBridge bridge)
    {
        _processor = processor;
        _bridge = bridge;
        processor.Published += (_, batch) => OnPublished(batch);
    }

    /// <summary>The health numbers now.</summary>
    public PipelineStatus Current()
    {
        var now = TimeProvider.System.GetTimestamp();
        long records;
        TimeSpan? duration;
        DateTimeOffset? at;
        lock (_lock)
        {
            Expire(now);
            records = _recent.Sum(r => r.Records);
            duration = _lastDuration;
            at = _lastBatchAt;
        }

        // Before the window has filled, divide by the time actually observed.
        var seconds = Math.Min(RateWindow.TotalSeconds, Math.Max(1, TimeProvider.System.GetElapsedTime(_startedAt, now).TotalSeconds));
        return new PipelineStatus(Math.Round(records / seconds, 1), _processor.Metrics.LogLag, Millis(_bridge.LastLatency), Millis(duration),
            _processor.Metrics.Batches, at);
    }

    private void OnPublished(MicroBatchResult batch)
    {
        var now = TimeProvider.System.GetTimestamp();
        lock (_lock)
        {
            _recent.Enqueue((now, batch.Received));
            Expire(now);
            _lastDuration = batch.Duration;
            _lastBatchAt = DateTimeOffset.UtcNow;
        }
    }

    private void Expire(long now)
    {
        while (_recent.Count > 0 && TimeProvider.System.GetElapsedTime(_recent.Peek().Timestamp, now) > RateWindow)
        {
            _recent.Dequeue();
        }
    }

    private static double? Millis(TimeSpan? span) => span is { } s ? Math.Round(s.TotalMilliseconds, 1) : null;
}
