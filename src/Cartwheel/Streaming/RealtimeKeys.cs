using System.Globalization;

namespace Cartwheel.Streaming;

/// <summary>
/// The key layout of the real-time store (one place, so the Redis implementation and the queries agree).
/// Times are Unix milliseconds (sorted-set scores); a minute window is named <c>yyyyMMddHHmm</c> (UTC).
/// </summary>
public static class RealtimeKeys
{
    /// <summary>Hash of totals: newest event time, late, quarantined, duplicates, accepted.</summary>
    public const string Totals = "rt:totals";

    /// <summary>Sorted set of the minute windows held: member = window name, score = its start.</summary>
    public const string Minutes = "rt:minutes";

    /// <summary>
    /// Before decision 69: sorted set of the sessions of the last <see cref="StreamOptions.ActiveSessionWindow"/> (member =
    /// session id, score = its latest event time). Only read when a checkpoint from then is restored (<see cref="SessionSketches.Upgrade"/>).
    /// </summary>
    public const string Sessions = "rt:sessions";

    /// <summary>Hash of products under their stock threshold: field = product id, value = first time seen low.</summary>
    public const string LowStock = "rt:low_stock";

    public const string NewestField = "newest_ms";
    public const string LateField = "late_events";
    public const string QuarantinedField = "quarantined";
    public const string DuplicatesField = "duplicates";
    public const string AcceptedField = "accepted";

    /// <summary>The funnel steps, in order.</summary>
    public static IReadOnlyList<string> FunnelSteps { get; } = ["product_view", "add_to_cart", "checkout_started", "purchase"];

    /// <summary>Hash of a minute's counters (see <see cref="RealtimeMetrics"/>).</summary>
    public static string Minute(string window) => "rt:m:" + window;

    /// <summary>Sorted set of a minute's product views: member = product id, score = views.</summary>
    public static string Views(string window) => "rt:views:" + window;

    /// <summary>Sorted set of a minute's product revenue: member = product id, score = cents.</summary>
    public static string Revenue(string window) => "rt:revenue:" + window;

    /// <summary>
    /// Before decision 66: set of a minute's sessions that reached a funnel step (member = session, device and country
    /// joined by U+001F). Only read when a checkpoint from then is restored (<see cref="FunnelSketches.Upgrade"/>).
    /// </summary>
    public static string Funnel(string window, string step) => $"rt:funnel:{window}:{step}";

    /// <summary>
    /// Distinct-count sketch of a minute's sessions that reached a funnel step in one group (<see cref="FunnelGroup"/>,
    /// or <see cref="FunnelOtherGroup"/>); the groups a minute has are in <see cref="FunnelGroups"/>.
    /// </summary>
    public static string FunnelSketch(string window, string step, string group) => $"rt:funnel:{window}:{step}:{group}";

    /// <summary>Distinct-count sketch of the sessions with a click event in a minute (the active sessions, decision 69).</summary>
    public static string SessionSketch(string window) => "rt:sessions:" + window;

    /// <summary>Set of a minute's funnel groups: at most <see cref="FunnelGroupLimit"/> − 1 device/country pairs, then <see cref="FunnelOtherGroup"/>.</summary>
    public static string FunnelGroups(string window) => "rt:funnel_groups:" + window;

    /// <summary>A funnel group: device and country joined by U+001F.</summary>
    public static string FunnelGroup(string device, string country) => string.Concat(device, "\u001f", country);

    /// <summary>The group of a minute's funnel sessions whose device/country pair came after its first <see cref="FunnelGroupLimit"/> − 1 pairs.</summary>
    public const string FunnelOtherGroup = "*";

    /// <summary>The most funnel groups a minute holds, <see cref="FunnelOtherGroup"/> included (decision 66: bounds the state to 62 MiB).</summary>
    public const int FunnelGroupLimit = 16;

    /// <summary>Hash of a product's stock: field = warehouse id, value = <c>on_hand|event ms</c>.</summary>
    public static string Stock(string productId) => "rt:stock:" + productId;

    /// <summary>The name of the minute window holding a time.</summary>
    public static string WindowOf(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(MinuteStart(unixMs)).UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);

    /// <summary>The start of the minute holding a time.</summary>
    public static long MinuteStart(long unixMs) => unixMs - (((unixMs % 60_000) + 60_000) % 60_000);
}
