using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Cartwheel.Server.Api;
using Cartwheel.Streaming;

namespace Cartwheel.Server.Realtime;

/// <summary>
/// Turns published micro-batches into dashboard updates, built and serialized once and shared by every SSE
/// subscriber. After an update the feed waits three times as long as building it took, at least
/// <see cref="MinInterval"/> and at most <see cref="MaxInterval"/> (batches published meanwhile are folded into the
/// next update): a small shop's dashboard follows every micro-batch, and a big one's updates cost at most a quarter of
/// a core while the last batch is still shown within a second. Idle subscribers get the current update again every
/// <see cref="KeepAlive"/>, which keeps proxies from closing the connection.
/// </summary>
internal sealed class DashboardFeed : BackgroundService
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    private readonly Channel<bool> _published = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly RealtimeReader _reader;
    private readonly ILogger<DashboardFeed> _logger;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _publishLock = new();
    private Frame? _current;
    private long _version;
    private int _subscribers;

    public DashboardFeed(StreamProcessor processor, RealtimeReader reader, ILogger<DashboardFeed> logger)
    {
        _reader = reader;
        _logger = logger;
        processor.Published += (_, _) => _published.Writer.TryWrite(true);
    }

    public int Subscribers => Volatile.Read(ref _subscribers);

    /// <summary>Takes a subscriber slot; false when <paramref name="max"/> streams are open already.</summary>
    public bool TryAddSubscriber(int max)
    {
        if (Interlocked.Increment(ref _subscribers) <= max)
        {
            return true;
        }

        Interlocked.Decrement(ref _subscribers);
        return false;
    }

    /// <summary>The current update now (built if none yet), then each new one; releases the slot taken by <see cref="TryAddSubscriber"/> when done.</summary>
    public async IAsyncEnumerable<SseItem<string>> SubscribeAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            var current = Volatile.Read(ref _current) ?? Publish();
            while (!cancellationToken.IsCancellationRequested)
            {
                yield return new SseItem<string>(current.Json, "update") { EventId = current.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                var next = Volatile.Read(ref _next).Task;
                if (Volatile.Read(ref _current) is { } latest && latest.Version != current.Version)
                {
                    current = latest;
                    continue;
                }

                try
                {
                    await next.WaitAsync(KeepAlive, cancellationToken);
                }
                catch (TimeoutException)
                {
                    // Send the same update again as a keep-alive.
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }

                current = Volatile.Read(ref _current) ?? current;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _subscribers);
        }
    }

    /// <summary>The dashboard update now (fresh, for the polling fallback).</summary>
    public DashboardUpdate Snapshot() => _reader.Dashboard(Interlocked.Read(ref _version));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _published.Reader.WaitToReadAsync(stoppingToken))
            {
                _published.Reader.TryRead(out _);
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                try
                {
                    Publish();
                }
                catch (Exception ex)
                {
                    _logger.DashboardUpdateFailed(ex);
                }

                await Task.Delay(Pause(System.Diagnostics.Stopwatch.GetElapsedTime(started)), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>How long to wait after an update that took <paramref name="build"/> to build.</summary>
    internal static TimeSpan Pause(TimeSpan build) => TimeSpan.FromTicks(Math.Clamp(build.Ticks * 3, MinInterval.Ticks, MaxInterval.Ticks));

    private Frame Publish()
    {
        lock (_publishLock)
        {
            var update = _reader.Dashboard(Interlocked.Increment(ref _version));
            var current = new Frame(update.Version, JsonSerializer.Serialize(update, ServerJsonContext.Default.DashboardUpdate));
            Volatile.Write(ref _current, current);
            Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            return current;
        }
    }

    /// <summary>One serialized update, shared by every subscriber.</summary>
    private sealed record Frame(long Version, string Json);
}
