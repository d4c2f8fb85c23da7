using Cartwheel.Streaming;

namespace Cartwheel.Server.Realtime;

/// <summary>
/// <c>GET /api/v1/realtime/summary</c>: the sliding hour's headline numbers (event time, up to the newest event),
/// running totals of late, quarantined and duplicate records, the watermark, and pipeline health.
/// </summary>
public sealed record RealtimeSummary(
    long OrdersLastHour,
    decimal RevenueLastHour,
    long EventsLastHour,
    long NewUsersLastHour,
    long RefundsLastHour,
    long ActiveSessions,
    bool ActiveSessionsApproximate,
    long LateEventsTotal,
    long QuarantinedTotal,
    long DuplicatesTotal,
    DateTimeOffset? NewestEventTime,
    DateTimeOffset? Watermark,
    double IngestRate,
    long LogLag,
    double? LastBatchLatencyMs,
    double? LastBatchDurationMs,
    long BatchesTotal,
    DateTimeOffset? LastBatchAt)
{
    public static RealtimeSummary From(RealtimeSnapshot s, PipelineStatus p) => new(
        s.OrdersLastHour, s.RevenueLastHour, s.EventsLastHour, s.NewUsersLastHour, s.RefundsLastHour, s.ActiveSessions, s.ActiveSessionsApproximate,
        s.LateEventsTotal, s.QuarantinedTotal, s.DuplicatesTotal, s.NewestEventTime, s.Watermark,
        p.IngestRate, p.LogLag, p.LastBatchLatencyMs, p.LastBatchDurationMs, p.BatchesTotal, p.LastBatchAt);
}
