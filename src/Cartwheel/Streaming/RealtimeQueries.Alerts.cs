using System.Globalization;

namespace Cartwheel.Streaming;

public sealed partial class RealtimeQueries
{
    /// <summary>
    /// Active alerts: every product under its low-stock threshold, then the orders-drop anomaly. The anomaly
    /// rule: take the last complete minute (its end at or before the watermark, so no more on-time orders can
    /// land in it) and the average orders of the <see cref="StreamOptions.AnomalyTrailingMinutes"/> minutes before
    /// it (missing minutes count 0); flag when that average is at least <see cref="StreamOptions.AnomalyMinimumAverage"/>
    /// and the minute's orders are below <see cref="StreamOptions.AnomalyDropRatio"/> × the average.
    /// </summary>
    public IReadOnlyList<RealtimeAlert> Alerts()
    {
        var alerts = new List<RealtimeAlert>();
        foreach (var (product, since) in store.HashGetAll(RealtimeKeys.LowStock).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var onHand = store.HashGetAll(RealtimeKeys.Stock(product)).Values.Sum(RealtimeAggregator.StockLevel);
            var threshold = options.LowStockThresholds.TryGetValue(product, out var own) ? own : options.DefaultLowStockThreshold;
            alerts.Add(new RealtimeAlert(RealtimeAlert.LowStock, product, Time(long.Parse(since, CultureInfo.InvariantCulture))!.Value,
                $"on hand {onHand} < threshold {threshold}"));
        }

        if (OrdersDrop() is { } drop)
        {
            alerts.Add(drop);
        }

        return alerts;
    }

    private RealtimeAlert? OrdersDrop()
    {
        if (RealtimeAggregator.Newest(store) is not { } newest)
        {
            return null;
        }

        var watermark = newest - (long)options.AllowedLateness.TotalMilliseconds;
        var minute = RealtimeKeys.MinuteStart(watermark) - MinuteMs;
        var trailing = 0L;
        for (var i = 1; i <= options.AnomalyTrailingMinutes; i++)
        {
            trailing += OrdersAt(minute - (i * MinuteMs));
        }

        var average = (double)trailing / options.AnomalyTrailingMinutes;
        var orders = OrdersAt(minute);
        return average >= options.AnomalyMinimumAverage && orders < options.AnomalyDropRatio * average
            ? new RealtimeAlert(RealtimeAlert.OrdersDrop, RealtimeKeys.WindowOf(minute), DateTimeOffset.FromUnixTimeMilliseconds(minute),
                string.Create(CultureInfo.InvariantCulture, $"{orders} orders/min < {options.AnomalyDropRatio:0.##} × trailing average {average:0.##}"))
            : null;
    }

    private long OrdersAt(long minuteStart) =>
        Field(store.HashGetAll(RealtimeKeys.Minute(RealtimeKeys.WindowOf(minuteStart))), RealtimeMetrics.Orders);
}
