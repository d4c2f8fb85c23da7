namespace Cartwheel.Streaming;

/// <summary>
/// The headline numbers over the sliding hour (the 60 minute windows up to the one holding the newest event
/// time) plus running totals. Revenue is line revenue of completed orders in currency units. The active sessions are
/// the distinct sessions with a click event in the <see cref="StreamOptions.ActiveSessionWindow"/> worth of minute
/// windows ending with the newest event's (5 minutes: that minute and the 4 before; decision 69), exact unless
/// <see cref="ActiveSessionsApproximate"/> (a minute's sketch held more than 2,048 sessions: a HyperLogLog estimate).
/// </summary>
public sealed record RealtimeSnapshot(
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
    DateTimeOffset? Watermark);
