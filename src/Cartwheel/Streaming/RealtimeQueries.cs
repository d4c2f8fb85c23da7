using System.Globalization;

namespace Cartwheel.Streaming;

/// <summary>
/// The read side of the real-time store for the API and dashboard. "The sliding hour" is the
/// <see cref="StreamOptions.WindowRetention"/> worth of minute windows ending with the one that holds the
/// newest event time; everything is event time, never the wall clock.
/// </summary>
public sealed partial class RealtimeQueries(IRealtimeStore store, StreamOptions options)
{
    private const long MinuteMs = 60_000;

    /// <summary>Headline numbers over the sliding hour plus running totals.</summary>
    public RealtimeSnapshot Summary()
    {
        var totals = store.HashGetAll(RealtimeKeys.Totals);
        var newest = RealtimeAggregator.Newest(store);
        long orders = 0, cents = 0, events = 0, newUsers = 0, refunds = 0;
        foreach (var window in HourWindows(newest))
        {
            var minute = store.HashGetAll(RealtimeKeys.Minute(window));
            orders += Field(minute, RealtimeMetrics.Orders);
            cents += Field(minute, RealtimeMetrics.RevenueCents);
            events += Field(minute, RealtimeMetrics.Events);
            newUsers += Field(minute, RealtimeMetrics.NewUsers);
            refunds += Field(minute, RealtimeMetrics.Refunds);
        }

        var active = newest is { } n
            ? store.SortedSetCountByScore(RealtimeKeys.Sessions, n - options.ActiveSessionWindow.TotalMilliseconds + 1, double.PositiveInfinity)
            : 0;
        return new RealtimeSnapshot(orders, cents / 100m, events, newUsers, refunds, active,
            Field(totals, RealtimeKeys.LateField), Field(totals, RealtimeKeys.QuarantinedField), Field(totals, RealtimeKeys.DuplicatesField),
            Time(newest), Time(newest - (long)options.AllowedLateness.TotalMilliseconds));
    }

    /// <summary>The <paramref name="n"/> products with the most views or revenue over the sliding hour (ties by product id).</summary>
    public IReadOnlyList<ProductRank> TopProducts(TopProductsBy by, int n = 10)
    {
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var window in HourWindows(RealtimeAggregator.Newest(store)))
        {
            var key = by == TopProductsBy.Views ? RealtimeKeys.Views(window) : RealtimeKeys.Revenue(window);
            foreach (var (product, score) in store.SortedSetRangeByScore(key, double.NegativeInfinity, double.PositiveInfinity))
            {
                totals[product] = totals.GetValueOrDefault(product) + score;
            }
        }

        return totals.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(n)
            .Select(p => new ProductRank(p.Key, by == TopProductsBy.Views ? (decimal)p.Value : (decimal)p.Value / 100m))
            .ToList();
    }

    /// <summary>Distinct sessions per funnel step over the sliding hour, optionally of one device and/or country.</summary>
    public FunnelReport Funnel(string? device = null, string? country = null)
    {
        var windows = HourWindows(RealtimeAggregator.Newest(store));
        var steps = new List<FunnelStep>();
        long? previous = null;
        foreach (var step in RealtimeKeys.FunnelSteps)
        {
            var sessions = new HashSet<string>(StringComparer.Ordinal);
            foreach (var window in windows)
            {
                foreach (var member in store.SetMembers(RealtimeKeys.Funnel(window, step)))
                {
                    var parts = member.Split('\u001f');
                    if ((device is null || parts[1] == device) && (country is null || parts[2] == country))
                    {
                        sessions.Add(parts[0]);
                    }
                }
            }

            steps.Add(new FunnelStep(step, sessions.Count, previous is > 0 ? (double)sessions.Count / previous.Value : null));
            previous = sessions.Count;
        }

        return new FunnelReport(device, country, steps);
    }

    /// <summary>
    /// A metric (<see cref="RealtimeMetrics"/>) per window of <paramref name="window"/> (default one minute; whole
    /// minutes) over the windows held, oldest first, gaps filled with 0.
    /// </summary>
    public IReadOnlyList<TimeSeriesPoint> TimeSeries(string metric, TimeSpan? window = null)
    {
        var size = (long)(window ?? TimeSpan.FromMinutes(1)).TotalMilliseconds;
        if (size < MinuteMs || size % MinuteMs != 0)
        {
            throw new CartwheelException(ErrorCodes.InvalidArgument, $"A time-series window is whole minutes, not {window}.");
        }

        var field = metric == RealtimeMetrics.Revenue ? RealtimeMetrics.RevenueCents : metric;
        var sums = new SortedDictionary<long, long>();
        foreach (var (name, start) in store.SortedSetRangeByScore(RealtimeKeys.Minutes, double.NegativeInfinity, double.PositiveInfinity))
        {
            var bucket = (long)start - (((long)start % size) + size) % size;
            sums[bucket] = sums.GetValueOrDefault(bucket) + Field(store.HashGetAll(RealtimeKeys.Minute(name)), field);
        }

        var points = new List<TimeSeriesPoint>();
        if (sums.Count == 0)
        {
            return points;
        }

        for (var t = sums.Keys.First(); t <= sums.Keys.Last(); t += size)
        {
            var value = (decimal)sums.GetValueOrDefault(t);
            points.Add(new TimeSeriesPoint(DateTimeOffset.FromUnixTimeMilliseconds(t), metric == RealtimeMetrics.Revenue ? value / 100m : value));
        }

        return points;
    }

    private List<string> HourWindows(long? newest)
    {
        if (newest is not { } n)
        {
            return [];
        }

        var last = RealtimeKeys.MinuteStart(n);
        var first = last - (long)options.WindowRetention.TotalMilliseconds + MinuteMs;
        return store.SortedSetRangeByScore(RealtimeKeys.Minutes, first, last).Select(p => p.Key).ToList();
    }

    private static long Field(IReadOnlyDictionary<string, string> hash, string field) =>
        hash.TryGetValue(field, out var text) ? long.Parse(text, CultureInfo.InvariantCulture) : 0;

    private static DateTimeOffset? Time(long? unixMs) => unixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
