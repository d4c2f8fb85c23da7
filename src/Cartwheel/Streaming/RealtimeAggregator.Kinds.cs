using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Cartwheel.Ingest;

namespace Cartwheel.Streaming;

internal sealed partial class RealtimeAggregator
{
    /// <summary>
    /// Adds a click event to its window's sums for the batch (the store gets them in <see cref="Flush"/>): counts,
    /// views and set members add up in any order, so one write per key and member equals one per record.
    /// </summary>
    private void AddEvent(in EventFields root, WindowKeys window)
    {
        window.Events++;
        var type = root.EventType;
        if (type is null)
        {
            return;
        }

        window.Types[type] = window.Types.GetValueOrDefault(type) + 1;
        if (type == "product_view" && root.ProductId is { } product)
        {
            window.Views[product] = window.Views.GetValueOrDefault(product) + 1;
        }

        if (root.SessionId is not { } session)
        {
            return;
        }

        var hash = FunnelSketches.Hash(session);
        window.Sessions.Add(hash);
        var step = FunnelStep(type);
        if (step >= 0)
        {
            window.FunnelGroup(store, root.Device ?? string.Empty, root.Country ?? string.Empty).Hashes[step].Add(hash);
        }
    }

    /// <summary>The index of a funnel step in <see cref="RealtimeKeys.FunnelSteps"/>, or -1.</summary>
    private static int FunnelStep(string type) => type switch
    {
        "product_view" => 0,
        "add_to_cart" => 1,
        "checkout_started" => 2,
        "purchase" => 3,
        _ => -1,
    };

    /// <summary>Writes the batch's click-event sums to the store: per window its counters, views, sessions and funnel sessions.</summary>
    private void Flush()
    {
        foreach (var window in _windows.Values)
        {
            if (window.Events > 0)
            {
                store.HashIncrement(window.Minute, RealtimeMetrics.Events, window.Events);
            }

            foreach (var (type, count) in window.Types)
            {
                store.HashIncrement(window.Minute, EventsOfType(type), count);
            }

            foreach (var (product, views) in window.Views)
            {
                store.SortedSetIncrement(window.ViewsKey, product, views);
            }

            if (window.Sessions.Count > 0)
            {
                store.SketchAdd(RealtimeKeys.SessionSketch(window.Name), CollectionsMarshal.AsSpan(window.Sessions));
            }

            window.FlushFunnel(store);
        }
    }

    /// <summary>A minute window's keys and the sums of the batch's click events in it.</summary>
    private sealed class WindowKeys(string name)
    {
        public string Name { get; } = name;

        public string Minute { get; } = RealtimeKeys.Minute(name);

        public string ViewsKey { get; } = RealtimeKeys.Views(name);

        public long Events { get; set; }

        public Dictionary<string, long> Types { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, double> Views { get; } = new(StringComparer.Ordinal);

        /// <summary>The hashes of the batch's sessions in the window, repeats included (the sketch drops them).</summary>
        public List<ulong> Sessions { get; } = [];

        private readonly Dictionary<(string Device, string Country), FunnelSums> _funnel = [];
        private readonly Dictionary<string, FunnelSums> _sums = new(StringComparer.Ordinal);
        private HashSet<string>? _groups;
        private readonly List<string> _newGroups = [];

        /// <summary>
        /// The batch's sums of a device/country pair, resolved once per pair and batch: its own group while the minute has
        /// fewer than <see cref="RealtimeKeys.FunnelGroupLimit"/> − 1 pairs (or already has this one), else the other group.
        /// </summary>
        public FunnelSums FunnelGroup(IRealtimeStore store, string device, string country)
        {
            if (_funnel.TryGetValue((device, country), out var sums))
            {
                return sums;
            }

            _groups ??= [.. store.SetMembers(RealtimeKeys.FunnelGroups(Name))];
            var group = RealtimeKeys.FunnelGroup(device, country);
            if (!_groups.Contains(group))
            {
                group = _groups.Count(g => g != RealtimeKeys.FunnelOtherGroup) < RealtimeKeys.FunnelGroupLimit - 1 ? group : RealtimeKeys.FunnelOtherGroup;
                if (_groups.Add(group))
                {
                    _newGroups.Add(group);
                }
            }

            if (!_sums.TryGetValue(group, out sums))
            {
                sums = _sums[group] = new FunnelSums(group);
            }

            _funnel[(device, country)] = sums;
            return sums;
        }

        /// <summary>Adds the batch's session hashes to the minute's sketches (one add per group and step) and registers new groups.</summary>
        public void FlushFunnel(IRealtimeStore store)
        {
            foreach (var group in _newGroups)
            {
                store.SetAdd(RealtimeKeys.FunnelGroups(Name), group);
            }

            foreach (var sums in _sums.Values)
            {
                for (var step = 0; step < sums.Hashes.Length; step++)
                {
                    if (sums.Hashes[step].Count > 0)
                    {
                        store.SketchAdd(RealtimeKeys.FunnelSketch(Name, RealtimeKeys.FunnelSteps[step], sums.Group), CollectionsMarshal.AsSpan(sums.Hashes[step]));
                    }
                }
            }
        }
    }

    /// <summary>A funnel group's session hashes of a batch, per step.</summary>
    private sealed class FunnelSums(string group)
    {
        public string Group { get; } = group;

        public List<ulong>[] Hashes { get; } = [.. RealtimeKeys.FunnelSteps.Select(_ => new List<ulong>())];
    }

    private void AddOrder(JsonElement root, string window)
    {
        var status = Text(root, "status");
        if (status is not ("completed" or "refunded"))
        {
            return;
        }

        var minute = RealtimeKeys.Minute(window);
        var lines = new List<(string Product, long Cents)>();
        if (root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                if (Text(item, "product_id") is { } product && Number(item, "quantity") is { } quantity && Number(item, "unit_price") is { } price)
                {
                    lines.Add((product, (long)decimal.Round((quantity * price - (Number(item, "discount") ?? 0m)) * 100m, MidpointRounding.AwayFromZero)));
                }
            }
        }

        var cents = lines.Sum(l => l.Cents);
        if (status == "refunded")
        {
            store.HashIncrement(minute, RealtimeMetrics.Refunds, 1);
            return;
        }

        store.HashIncrement(minute, RealtimeMetrics.Orders, 1);
        store.HashIncrement(minute, RealtimeMetrics.RevenueCents, cents);
        foreach (var (product, lineCents) in lines)
        {
            store.SortedSetIncrement(RealtimeKeys.Revenue(window), product, lineCents);
        }
    }

    private void AddInventory(JsonElement root, long time)
    {
        if (Text(root, "product_id") is not { } product || Text(root, "warehouse_id") is not { } warehouse || Number(root, "on_hand") is not { } onHand)
        {
            return;
        }

        var key = RealtimeKeys.Stock(product);
        var stock = store.HashGetAll(key);
        if (stock.TryGetValue(warehouse, out var current) && StockTime(current) > time)
        {
            return;
        }

        store.HashSet(key, warehouse, string.Create(CultureInfo.InvariantCulture, $"{(long)onHand}|{time}"));
        var total = stock.Where(p => p.Key != warehouse).Sum(p => StockLevel(p.Value)) + (long)onHand;
        var threshold = options.LowStockThresholds.TryGetValue(product, out var own) ? own : options.DefaultLowStockThreshold;
        var flagged = store.HashGetAll(RealtimeKeys.LowStock).ContainsKey(product);
        if (total < threshold && !flagged)
        {
            store.HashSet(RealtimeKeys.LowStock, product, time.ToString(CultureInfo.InvariantCulture));
        }
        else if (total >= threshold && flagged)
        {
            store.HashDelete(RealtimeKeys.LowStock, product);
        }
    }

    private void AddUser(JsonElement root, string window, long time)
    {
        if (Text(root, "signup_date") is { } signup && EventTime.TryParse(signup, out var signupDate)
            && DateOnly.FromDateTime(signupDate) == DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(time).UtcDateTime))
        {
            store.HashIncrement(RealtimeKeys.Minute(window), RealtimeMetrics.NewUsers, 1);
        }
    }

    internal static long StockLevel(string value) => long.Parse(value.AsSpan(0, value.IndexOf('|', StringComparison.Ordinal)), CultureInfo.InvariantCulture);

    private static long StockTime(string value) => long.Parse(value.AsSpan(value.IndexOf('|', StringComparison.Ordinal) + 1), CultureInfo.InvariantCulture);

    private static decimal? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number) ? number : null;
}
