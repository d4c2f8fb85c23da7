using System.Globalization;
using Cartwheel.Catalog;
using Cartwheel.Log;

namespace Cartwheel.Cli.Bench;

internal sealed partial class StreamBench
{
    private const string LatencyMetric = "cartwheel_stream_event_to_aggregate_latency_seconds";

    private (Dictionary<string, long> Bronze, long Received, long Accepted, long Quarantined, long Duplicates) _before = ([], 0, 0, 0, 0);

    /// <summary>Bronze rows and stream accounting already in the data directory (a reused --data-dir), subtracted from the run's.</summary>
    public void CountBefore() => _before = Count();

    private async Task<StreamBenchConsistency> CheckConsistencyAsync(LoadTotals totals, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var after = Count();
        long left;
        await using (var log = SqliteEventLog.Open(options.DataDirectory))
        {
            left = log.RetainedRecords;
        }

        var bronze = after.Bronze.ToDictionary(p => p.Key, p => p.Value - _before.Bronze.GetValueOrDefault(p.Key), StringComparer.Ordinal);
        var quarantined = after.Quarantined - _before.Quarantined;
        var duplicates = after.Duplicates - _before.Duplicates;
        var consistent = left == 0 && quarantined == 0 && duplicates == 0 && totals.FailedRequests == 0
                         && bronze.GetValueOrDefault("events") == totals.AckedClickEvents;
        return new StreamBenchConsistency(bronze, after.Received - _before.Received, after.Accepted - _before.Accepted, quarantined, duplicates,
            left, LateEvents(), consistent);
    }

    private (Dictionary<string, long> Bronze, long Received, long Accepted, long Quarantined, long Duplicates) Count()
    {
        var catalog = CatalogStore.Open(options.DataDirectory);
        var bronze = catalog.ListBronzeFiles().Where(f => f.BatchId.StartsWith("stream-", StringComparison.Ordinal))
            .GroupBy(f => f.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(f => f.RowCount), StringComparer.Ordinal);
        var batches = catalog.ListBatches("stream");
        return (bronze, batches.Sum(b => b.Received), batches.Sum(b => b.Accepted), batches.Sum(b => b.Quarantined), batches.Sum(b => b.Duplicates));
    }

    private long _lateEvents;

    private long LateEvents() => _lateEvents;

    /// <summary>The server's event→aggregate histogram from /metrics (and its late-event total): p50 and p99 as bucket upper bounds.</summary>
    private async Task<ServerLatency> ServerLatencyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var buckets = new List<(double Le, long Count)>();
        long count = 0;
        foreach (var line in (await http.GetStringAsync("/metrics", cancellationToken)).Split('\n'))
        {
            if (line.StartsWith(LatencyMetric + "_bucket{le=\"", StringComparison.Ordinal))
            {
                var le = line[(LatencyMetric.Length + 12)..line.IndexOf('"', LatencyMetric.Length + 12)];
                buckets.Add((le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture), (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)));
            }
            else if (line.StartsWith(LatencyMetric + "_count ", StringComparison.Ordinal))
            {
                count = (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("cartwheel_stream_late_events", StringComparison.Ordinal) && !line.Contains('{', StringComparison.Ordinal))
            {
                _lateEvents = (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        // Past the last finite bucket the quantile is only known to be above it: reported as that bound, with the count over it.
        var finite = buckets.Where(b => !double.IsInfinity(b.Le)).OrderBy(b => b.Le).ToList();
        var lastFinite = finite.Count == 0 ? (Le: 0.0, Count: 0L) : finite[^1];
        double Quantile(double q)
        {
            var rank = Math.Max(1, (long)Math.Ceiling(q * count));
            return Math.Min(buckets.Where(b => b.Count >= rank).Select(b => b.Le).DefaultIfEmpty(0).Min(), lastFinite.Le) * 1000;
        }

        return count == 0 ? new ServerLatency(0, 0, 0, 0) : new ServerLatency(count, Quantile(0.5), Quantile(0.99), count - lastFinite.Count);
    }

    private StreamBenchResult Result(DateTimeOffset started, string loadStart, LoadTotals totals, ServerLatency serverLatency, StreamBenchConsistency consistency)
    {
        var load = _seconds.Where(s => s.Phase == "load").ToList();
        var warmup = Math.Min(5, load.Count / 5);
        var steady = load.Skip(warmup).ToList();
        var throughput = new StreamBenchThroughput(totals.AckedMessages, totals.AckedClickEvents, totals.AckedRequests, totals.RejectedRequests, totals.FailedRequests,
            totals.LoadSeconds, Math.Round(totals.AckedMessages / Math.Max(0.001, totals.LoadSeconds)), warmup,
            steady.Count == 0 ? 0 : Math.Round(steady.Average(s => (double)s.EventsPerSecond)));
        var serverCpu = _serverLast.CpuSeconds - _serverAtStart.CpuSeconds;
        var generatorCpu = totals.CpuSeconds;
        var events = Math.Max(1, totals.AckedMessages);
        var resources = new StreamBenchResources(Mib(_serverPeak), Mib(_generatorPeak), Math.Round(serverCpu, 2), Math.Round(generatorCpu, 2),
            Math.Round(serverCpu * 1e6 / events, 2), Math.Round(generatorCpu * 1e6 / events, 2), Math.Round((serverCpu + generatorCpu) * 1e6 / events, 2));
        var targets = new List<BenchTarget>
        {
            new("sustained events/s", "≥ 150000", throughput.SteadyMessagesPerSecond, throughput.SteadyMessagesPerSecond >= TargetEventsPerSecond),
            new("event→visible p99 (ms)", "< 1000", totals.Visible.P99Ms, totals.Visible.P99Ms < TargetVisibleP99Ms && totals.UnseenEvents == 0),
            new("event→dashboard p99 (ms)", "< 1000", totals.Dashboard.P99Ms, totals.Dashboard.P99Ms < TargetVisibleP99Ms && totals.DashboardUnseenEvents == 0),
            new("server + generator peak RSS (MiB)", "< 1024", resources.ServerPeakRssMib + resources.GeneratorPeakRssMib,
                resources.ServerPeakRssMib + resources.GeneratorPeakRssMib < TargetMemoryMib),
        };
        return new StreamBenchResult(started, options.CommandLine,
            new BenchMachine(Environment.ProcessorCount, CpuModel(), loadStart, LoadAverage()),
            new StreamBenchSettings(options.Duration.TotalSeconds, options.Rate, options.Connections, options.BatchSize, options.EventBytes, totals.MeanMessageBytes, options.FreshSessions),
            throughput, totals.Ack, totals.Visible, totals.Dashboard, serverLatency, resources, consistency, targets, _seconds);
    }

    private static string PlotTitle(StreamBenchResult r) => string.Create(CultureInfo.InvariantCulture,
        $"cartwheel bench stream — {r.Settings.DurationSeconds:0} s, {r.Settings.Connections} connections × {r.Settings.BatchSize} events, {r.Machine.Cores} cores (load {r.Machine.LoadAverageStart.Split(' ')[0]}), {r.StartedAt:yyyy-MM-dd}");

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";
}
