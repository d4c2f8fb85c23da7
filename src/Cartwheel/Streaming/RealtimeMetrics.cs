namespace Cartwheel.Streaming;

/// <summary>
/// The per-minute counters of the real-time store (fields of <see cref="RealtimeKeys.Minute"/>) and the
/// metric names <see cref="RealtimeQueries.TimeSeries"/> accepts. Money is kept in cents.
/// </summary>
public static class RealtimeMetrics
{
    /// <summary>Completed order versions placed in the minute of their <c>updated_at</c>.</summary>
    public const string Orders = "orders";

    /// <summary>Line revenue (Σ quantity × unit_price − discount) of those orders; the time series is in currency units.</summary>
    public const string Revenue = "revenue";

    /// <summary>Refunded order versions.</summary>
    public const string Refunds = "refunds";

    /// <summary>Click events of every type.</summary>
    public const string Events = "events";

    /// <summary>Profiles whose signup_date is the date of their updated_at (a profile created that day).</summary>
    public const string NewUsers = "new_users";

    /// <summary>The field of click events of one type: <c>events.page_view</c>, <c>events.purchase</c>, ….</summary>
    public static string EventsOfType(string eventType) => "events." + eventType;

    internal const string RevenueCents = "revenue_cents";
}
