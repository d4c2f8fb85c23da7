namespace Cartwheel.Cli.Bench;

/// <summary>
/// The generator's counters and latency histograms, for the current second and the whole run (ack latency per
/// request; event→visible latency per event, through the summary API and through the dashboard stream). Thread-safe.
/// </summary>
internal sealed class LoadStats
{
    public const int SummaryReader = 0;
    public const int DashboardReader = 1;

    private readonly Lock _lock = new();
    private readonly double _ticksPerMs;
    private readonly Window _second = new();
    private readonly Window _run = new();

    public LoadStats(TimeProvider time) => _ticksPerMs = time.TimestampFrequency / 1000.0;

    public AckLedger Ledger { get; } = new(2);

    public void Acked(long sentAt, long now, int messages, int clicks)
    {
        var ms = (now - sentAt) / _ticksPerMs;
        lock (_lock)
        {
            foreach (var window in new[] { _second, _run })
            {
                window.Ack.Record(ms);
                window.Messages += messages;
                window.Requests++;
            }
        }

        Ledger.Add(sentAt, clicks);
    }

    public void Rejected()
    {
        lock (_lock)
        {
            _second.Rejected++;
            _run.Rejected++;
        }
    }

    public void Failed()
    {
        lock (_lock)
        {
            _second.Errors++;
            _run.Errors++;
        }
    }

    /// <summary>A reader saw <paramref name="visible"/> click events at <paramref name="seenAt"/>.</summary>
    public void Seen(int reader, long visible, long seenAt)
    {
        lock (_lock)
        {
            var matched = reader == SummaryReader
                ? Ledger.Match(reader, visible, seenAt, _ticksPerMs, _second.Visible, _run.Visible)
                : Ledger.Match(reader, visible, seenAt, _ticksPerMs, _second.Dashboard, _run.Dashboard);
            if (reader == SummaryReader)
            {
                _second.VisibleEvents += matched;
                _run.VisibleEvents += matched;
            }
        }
    }

    /// <summary>The numbers of the second that just ended; starts the next.</summary>
    public LoadSecond EndSecond(int second, string phase, long logLag)
    {
        lock (_lock)
        {
            var s = _second;
            var sample = new LoadSecond(second, phase, s.Messages, s.Requests, s.Rejected, s.Errors,
                Round(s.Ack.Percentile(0.5)), Round(s.Ack.Percentile(0.99)), Round(s.Ack.MaxMs),
                s.VisibleEvents, Round(s.Visible.Percentile(0.5)), Round(s.Visible.Percentile(0.99)),
                Round(s.Dashboard.Percentile(0.5)), Round(s.Dashboard.Percentile(0.99)), logLag);
            s.Reset();
            return sample;
        }
    }

    public LoadTotals Totals(double seconds, double cpuSeconds, double meanMessageBytes)
    {
        lock (_lock)
        {
            var r = _run;
            return new LoadTotals(Round(seconds), r.Messages, Ledger.Total, r.Requests, r.Rejected, r.Errors,
                Quantiles(r.Ack), r.VisibleEvents, Ledger.Unseen(SummaryReader), Quantiles(r.Visible),
                r.Dashboard.Count, Ledger.Unseen(DashboardReader), Quantiles(r.Dashboard), Round(cpuSeconds), Round(meanMessageBytes));
        }
    }

    private static LatencyQuantiles Quantiles(LatencyHistogram h) =>
        new(Round(h.Percentile(0.5)), Round(h.Percentile(0.9)), Round(h.Percentile(0.99)), Round(h.MaxMs), Round(h.MeanMs));

    private static double Round(double value) => Math.Round(value, 2);

    private sealed class Window
    {
        public LatencyHistogram Ack { get; } = new();

        public LatencyHistogram Visible { get; } = new();

        public LatencyHistogram Dashboard { get; } = new();

        public long Messages { get; set; }

        public long Requests { get; set; }

        public long Rejected { get; set; }

        public long Errors { get; set; }

        public long VisibleEvents { get; set; }

        public void Reset()
        {
            Ack.Clear();
            Visible.Clear();
            Dashboard.Clear();
            (Messages, Requests, Rejected, Errors, VisibleEvents) = (0, 0, 0, 0, 0);
        }
    }
}
