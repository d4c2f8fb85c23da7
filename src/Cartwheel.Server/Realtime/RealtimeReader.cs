using Cartwheel.Streaming;

namespace Cartwheel.Server.Realtime;

/// <summary>The read side behind the real-time API and the dashboard: the processor's queries plus pipeline health.</summary>
internal sealed class RealtimeReader(StreamProcessor processor, PipelineHealth health)
{
    /// <summary>Click event types, in funnel-ish order, each a time-series metric <c>events.&lt;type&gt;</c>.</summary>
    public static readonly IReadOnlyList<string> EventTypes =
        ["page_view", "search", "product_view", "add_to_cart", "remove_from_cart", "checkout_started", "purchase"];

    /// <summary>The metrics <see cref="TimeSeries"/> accepts.</summary>
    public static readonly IReadOnlySet<string> SeriesMetrics = new HashSet<string>(
        new[] { RealtimeMetrics.Revenue, RealtimeMetrics.Orders, RealtimeMetrics.Events, RealtimeMetrics.NewUsers, RealtimeMetrics.Refunds }
            .Concat(EventTypes.Select(RealtimeMetrics.EventsOfType)), StringComparer.Ordinal);

    /// <summary>The dashboard's series show at most this many points (the last hour of minutes).</summary>
    private const int DashboardPoints = 60;

    public RealtimeQueries Queries => processor.Queries;

    public RealtimeSummary Summary() => RealtimeSummary.From(processor.Queries.Summary(), health.Current());

    public IReadOnlyList<TimeSeriesPoint> TimeSeries(string metric, TimeSpan window) => processor.Queries.TimeSeries(metric, window);

    public DashboardUpdate Dashboard(long version)
    {
        var queries = processor.Queries;
        var byType = EventTypes.ToDictionary(t => t, t => Last(queries.TimeSeries(RealtimeMetrics.EventsOfType(t))), StringComparer.Ordinal);
        return new DashboardUpdate(version, DateTimeOffset.UtcNow, Summary(),
            Last(queries.TimeSeries(RealtimeMetrics.Revenue)), Last(queries.TimeSeries(RealtimeMetrics.Orders)), byType,
            queries.TopProducts(TopProductsBy.Views, 10), queries.TopProducts(TopProductsBy.Revenue, 10),
            queries.Funnel(), queries.Alerts());
    }

    private static IReadOnlyList<TimeSeriesPoint> Last(IReadOnlyList<TimeSeriesPoint> points) =>
        points.Count <= DashboardPoints ? points : points.Skip(points.Count - DashboardPoints).ToList();
}
