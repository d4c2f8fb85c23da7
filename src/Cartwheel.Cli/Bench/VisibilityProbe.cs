using System.Text.Json;

namespace Cartwheel.Cli.Bench;

/// <summary>
/// Watches the event count users see: polls <c>GET /api/v1/realtime/summary</c> every <see cref="PollInterval"/>
/// (aggregate-visible) and reads the dashboard's Server-Sent Events stream <c>/api/v1/realtime/stream</c>
/// (dashboard-visible). The count is <c>events_last_hour + late_events_total</c> (late events are counted but never
/// enter a window) minus the count before the run; each reading is handed to <see cref="LoadStats.Seen"/> stamped
/// with the time the response arrived (so it includes the HTTP round trip: conservative). Two clients: the stream holds its connection.
/// </summary>
internal sealed class VisibilityProbe(HttpClient poll, HttpClient stream, LoadStats stats, TimeProvider time)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private long _baseline;

    /// <summary>The server's log lag at the last poll.</summary>
    public long LogLag { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (count, _) = await ReadSummaryAsync(cancellationToken);
        _baseline = count;
    }

    public async Task PollAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(PollInterval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var (count, lag) = await ReadSummaryAsync(cancellationToken);
            LogLag = lag;
            stats.Seen(LoadStats.SummaryReader, count - _baseline, time.GetTimestamp());
        }
    }

    public async Task WatchDashboardAsync(CancellationToken cancellationToken)
    {
        using var response = await stream.GetAsync("/api/v1/realtime/stream", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                continue;
            }

            var seenAt = time.GetTimestamp();
            using var update = JsonDocument.Parse(line.AsMemory(5));
            stats.Seen(LoadStats.DashboardReader, Count(update.RootElement.GetProperty("summary")) - _baseline, seenAt);
        }
    }

    private async Task<(long Count, long LogLag)> ReadSummaryAsync(CancellationToken cancellationToken)
    {
        await using var body = await poll.GetStreamAsync("/api/v1/realtime/summary", cancellationToken);
        using var summary = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        return (Count(summary.RootElement), summary.RootElement.GetProperty("log_lag").GetInt64());
    }

    private static long Count(JsonElement summary) =>
        summary.GetProperty("events_last_hour").GetInt64() + summary.GetProperty("late_events_total").GetInt64();
}
