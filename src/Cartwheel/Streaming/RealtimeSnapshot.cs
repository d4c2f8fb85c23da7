namespace Cartwheel.Streaming;

/// <summary>
/// The headline numbers over the sliding hour (the 60 minute windows up to the one holding the newest event
/// time) plus running totals. Revenue is line revenue of completed orders in currency units.
/// </summary>
public sealed record RealtimeSnapshot(
    long OrdersLastHour,
    decimal RevenueLastHour,
    long EventsLastHour,
    long NewUsersLastHour,
    long RefundsLastHour,
    long ActiveSessions,
    long LateEventsTotal,
    long QuarantinedTotal,
    long DuplicatesTotal,
    DateTimeOffset? NewestEventTime,
    DateTimeOffset? Watermark);
