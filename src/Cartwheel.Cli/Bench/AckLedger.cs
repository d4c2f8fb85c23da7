namespace Cartwheel.Cli.Bench;

/// <summary>
/// The acknowledged batches in acknowledgement order with the running total of their click events, matched against
/// the event count a reader (the summary API, the dashboard stream) shows: once the count reaches a batch's running
/// total, its events are deemed visible, with latency = the time the count was seen − the batch's send time. Exact
/// when events become visible in acknowledgement order (the stream reads every partition to its end each micro-batch);
/// when a backlog splits partitions over batches, the order is approximate and so is the attribution (docs/benchmarks.md).
/// Several readers keep their own cursor. Thread-safe.
/// </summary>
internal sealed class AckLedger(int readers)
{
    private readonly Lock _lock = new();
    private readonly List<(long SentAt, int Clicks, long Total)> _entries = [];
    private readonly int[] _cursors = new int[readers];
    private long _total;

    public long Total
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    /// <summary>Records an acknowledged batch sent at <paramref name="sentAt"/> (a <see cref="TimeProvider"/> timestamp).</summary>
    public void Add(long sentAt, int clicks)
    {
        lock (_lock)
        {
            _total += clicks;
            _entries.Add((sentAt, clicks, _total));
        }
    }

    /// <summary>Whether every batch added so far is visible to <paramref name="reader"/>.</summary>
    public bool Caught(int reader)
    {
        lock (_lock)
        {
            return _cursors[reader] == _entries.Count;
        }
    }

    /// <summary>
    /// The batches <paramref name="reader"/> now sees (<paramref name="visible"/> click events counted at
    /// <paramref name="seenAt"/>), each recorded in every histogram with its click events as weight; returns how many events.
    /// </summary>
    public long Match(int reader, long visible, long seenAt, double ticksPerMs, params LatencyHistogram[] into)
    {
        lock (_lock)
        {
            long matched = 0;
            var cursor = _cursors[reader];
            while (cursor < _entries.Count && _entries[cursor].Total <= visible)
            {
                var (sentAt, clicks, _) = _entries[cursor++];
                foreach (var histogram in into)
                {
                    histogram.Record((seenAt - sentAt) / ticksPerMs, clicks);
                }

                matched += clicks;
            }

            _cursors[reader] = cursor;
            return matched;
        }
    }

    /// <summary>Click events of acknowledged batches <paramref name="reader"/> has not seen.</summary>
    public long Unseen(int reader)
    {
        lock (_lock)
        {
            var cursor = _cursors[reader];
            return cursor == 0 ? _total : _total - _entries[cursor - 1].Total;
        }
    }
}
