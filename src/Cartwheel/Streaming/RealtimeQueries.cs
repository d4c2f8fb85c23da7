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

        // The active sessions: distinct over the minutes' session sketches of the last ActiveSessionWindow (decision 69).
        var activeMinutes = ((long)options.ActiveSessionWindow.TotalMilliseconds + MinuteMs - 1) / MinuteMs;
        var active = store.SketchCount(Windows(newest, activeMinutes).Select(RealtimeKeys.SessionSketch).ToList());
        return new RealtimeSnapshot(orders, cents / 100m, events, newUsers, refunds, active.Count, active.Approximate,
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

    /// <summary>
    /// Distinct sessions per funnel step over the sliding hour, optionally of one device and/or country: the union of the
    /// minutes' sketches of the matching groups, so the cost follows the groups and their hashes or registers, not the
    /// sessions. A step is approximate when a sketch in it became a HyperLogLog, or when a filter is given and a minute
    /// folded pairs into its other group (whose sessions no filter can see).
    /// </summary>
    public FunnelReport Funnel(string? device = null, string? country = null)
    {
        var keys = RealtimeKeys.FunnelSteps.Select(_ => new List<string>()).ToList();
        var folded = false;
        foreach (var window in HourWindows(RealtimeAggregator.Newest(store)))
        {
            foreach (var group in store.SetMembers(RealtimeKeys.FunnelGroups(window)))
            {
                if (group == RealtimeKeys.FunnelOtherGroup ? device is null && country is null : Matches(group, device, country))
                {
                    for (var step = 0; step < keys.Count; step++)
                    {
                        keys[step].Add(RealtimeKeys.FunnelSketch(window, RealtimeKeys.FunnelSteps[step], group));
                    }
                }
                else if (group == RealtimeKeys.FunnelOtherGroup)
                {
                    folded = true;
                }
            }
        }

        var steps = new List<FunnelStep>();
        long? previous = null;
        for (var step = 0; step < keys.Count; step++)
        {
            var (sessions, approximate) = store.SketchCount(keys[step]);
            steps.Add(new FunnelStep(RealtimeKeys.FunnelSteps[step], sessions, previous is > 0 ? (double)sessions / previous.Value : null, approximate || folded));
            previous = sessions;
        }

        return new FunnelReport(device, country, steps);
    }

    private static bool Matches(string group, string? device, string? country)
    {
        var separator = group.IndexOf('\u001f', StringComparison.Ordinal);
        return separator >= 0 && (device is null || group.AsSpan(0, separator).SequenceEqual(device)) && (country is null || group.AsSpan(separator + 1).SequenceEqual(country));
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

    private List<string> HourWindows(long? newest) => Windows(newest, (long)options.WindowRetention.TotalMilliseconds / MinuteMs);

    /// <summary>
    /// The minute windows held among the last <paramref name="minutes"/> ending with the one that holds
    /// <paramref name="newest"/>: for 5, that minute and the 4 before it.
    /// </summary>
    private List<string> Windows(long? newest, long minutes)
    {
        if (newest is not { } n)
        {
            return [];
        }

        var last = RealtimeKeys.MinuteStart(n);
        var first = last - ((minutes - 1) * MinuteMs);
        return store.SortedSetRangeByScore(RealtimeKeys.Minutes, first, last).Select(p => p.Key).ToList();
    }

    private static long Field(IReadOnlyDictionary<string, string> hash, string field) =>
        hash.TryGetValue(field, out var text) ? long.Parse(text, CultureInfo.InvariantCulture) : 0;

    private static DateTimeOffset? Time(long? unixMs) => unixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
