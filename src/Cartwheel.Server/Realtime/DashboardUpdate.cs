using Cartwheel.Streaming;

namespace Cartwheel.Server.Realtime;

/// <summary>
/// Everything the dashboard draws, in one message (an SSE <c>update</c> event, or <c>GET /api/v1/realtime/dashboard</c>):
/// the summary, per-minute series (revenue, orders, events by type) over the windows held, top products by views and
/// by revenue, the funnel and the active alerts. <see cref="Version"/> grows by one per update.
/// </summary>
public sealed record DashboardUpdate(
    long Version,
    DateTimeOffset GeneratedAt,
    RealtimeSummary Summary,
    IReadOnlyList<TimeSeriesPoint> Revenue,
    IReadOnlyList<TimeSeriesPoint> Orders,
    IReadOnlyDictionary<string, IReadOnlyList<TimeSeriesPoint>> EventsByType,
    IReadOnlyList<ProductRank> TopByViews,
    IReadOnlyList<ProductRank> TopByRevenue,
    FunnelReport Funnel,
    IReadOnlyList<RealtimeAlert> Alerts);
