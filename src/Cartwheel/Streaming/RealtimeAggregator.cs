using System.Globalization;
using System.Text.Json;
using Cartwheel.Contracts;
using Cartwheel.Ingest;

namespace Cartwheel.Streaming;

/// <summary>
/// Folds accepted records into the real-time store in event time. Each record has a window time (its
/// bronze event time; for an order version its <c>updated_at</c>, when the status change happened). The
/// watermark is the newest window time seen − the allowed lateness, advanced record by record in processing
/// order; a record older than the watermark is late: counted, never added. Windows and sessions past the
/// retention expire after every batch (with them the minutes' session sketches), so the state is bounded.
/// </summary>
internal sealed partial class RealtimeAggregator(IRealtimeStore store, StreamOptions options)
{
    // As deep as ingest's parser accepts, so every accepted record can be read here.
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 256 };

    /// <summary>Applies a batch's accepted records in order; returns how many were on time and late.</summary>
    public (long OnTime, long Late) Apply(IEnumerable<StreamItem> items)
    {
        long onTime = 0, late = 0;
        var newest = Newest(store);
        var before = newest;
        _windows.Clear();
        foreach (var item in items)
        {
            // Click events (nearly all records) were read in one reader pass when the batch was checked; the other kinds as a document.
            var fields = item.Fields;
            using var document = item.Kind == EntityKind.Events ? null : JsonDocument.Parse(item.Payload, ParseOptions);
            var root = document?.RootElement ?? default;
            var time = item.Kind == EntityKind.Events ? UnixMilliseconds(item.EventTimeUtc) : WindowTime(item, root);
            if (newest is { } n && time < n - (long)options.AllowedLateness.TotalMilliseconds)
            {
                late++;
                continue;
            }

            onTime++;
            if (newest is null || time > newest)
            {
                newest = time;
            }

            var window = Window(time);
            switch (item.Kind)
            {
                case EntityKind.Events: AddEvent(fields, window); break;
                case EntityKind.Orders: AddOrder(root, window.Name); break;
                case EntityKind.Inventory: AddInventory(root, time); break;
                case EntityKind.Users: AddUser(root, window.Name, time); break;
            }
        }

        Flush();
        if (newest is { } changed && changed != before)
        {
            // Once per batch, not per record: nothing reads it back before the batch ends.
            store.HashSet(RealtimeKeys.Totals, RealtimeKeys.NewestField, changed.ToString(CultureInfo.InvariantCulture));
        }

        Count(RealtimeKeys.LateField, late);
        Count(RealtimeKeys.AcceptedField, onTime + late);
        if (newest is { } last)
        {
            Expire(last);
        }

        return (onTime, late);
    }

    // The keys of the minute windows this batch touched, made once per window and batch instead of once per record,
    // with the click events' counts, views, session hashes and funnel session hashes summed per batch (Flush).
    private readonly Dictionary<long, WindowKeys> _windows = [];
    private readonly Dictionary<string, string> _typeFields = new(StringComparer.Ordinal);

    /// <summary>The window holding <paramref name="time"/>, registered in <see cref="RealtimeKeys.Minutes"/> at its first record of the batch.</summary>
    private WindowKeys Window(long time)
    {
        var start = RealtimeKeys.MinuteStart(time);
        if (!_windows.TryGetValue(start, out var keys))
        {
            keys = new WindowKeys(RealtimeKeys.WindowOf(time));
            _windows[start] = keys;
            store.SortedSetAddIfGreater(RealtimeKeys.Minutes, keys.Name, start);
        }

        return keys;
    }

    private string EventsOfType(string type)
    {
        if (!_typeFields.TryGetValue(type, out var field))
        {
            field = RealtimeMetrics.EventsOfType(type);
            if (_typeFields.Count < 64)
            {
                _typeFields[type] = field;
            }
        }

        return field;
    }


    /// <summary>Counts records that never reach the windows (quarantined, duplicates) in the totals.</summary>
    public void CountRejected(long quarantined, long duplicates)
    {
        Count(RealtimeKeys.QuarantinedField, quarantined);
        Count(RealtimeKeys.DuplicatesField, duplicates);
    }

    /// <summary>The newest window time seen (Unix ms), or null before the first record.</summary>
    public static long? Newest(IRealtimeStore store) =>
        store.HashGetAll(RealtimeKeys.Totals).TryGetValue(RealtimeKeys.NewestField, out var text) ? long.Parse(text, CultureInfo.InvariantCulture) : null;

    private static long WindowTime(StreamItem item, JsonElement root)
    {
        var time = item.EventTimeUtc;
        if (item.Kind == EntityKind.Orders && Text(root, "updated_at") is { } updated && EventTime.TryParse(updated, out var updatedAt))
        {
            time = updatedAt;
        }

        return UnixMilliseconds(time);
    }

    private static long UnixMilliseconds(DateTime time) => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    private void Expire(long newest)
    {
        var horizon = newest - (long)(options.WindowRetention + options.AllowedLateness).TotalMilliseconds;
        foreach (var (window, _) in store.SortedSetRangeByScore(RealtimeKeys.Minutes, double.NegativeInfinity, horizon - 60_000))
        {
            store.KeyDelete(RealtimeKeys.Minute(window));
            store.KeyDelete(RealtimeKeys.Views(window));
            store.KeyDelete(RealtimeKeys.Revenue(window));
            store.KeyDelete(RealtimeKeys.SessionSketch(window));
            foreach (var group in store.SetMembers(RealtimeKeys.FunnelGroups(window)))
            {
                foreach (var step in RealtimeKeys.FunnelSteps)
                {
                    store.KeyDelete(RealtimeKeys.FunnelSketch(window, step, group));
                }
            }

            store.KeyDelete(RealtimeKeys.FunnelGroups(window));
        }

        store.SortedSetRemoveRangeByScore(RealtimeKeys.Minutes, double.NegativeInfinity, horizon - 60_000);
    }

    private void Count(string field, long delta)
    {
        if (delta != 0)
        {
            store.HashIncrement(RealtimeKeys.Totals, field, delta);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
