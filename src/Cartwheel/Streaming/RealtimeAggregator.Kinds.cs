using System.Globalization;
using System.Text.Json;
using Cartwheel.Ingest;

namespace Cartwheel.Streaming;

internal sealed partial class RealtimeAggregator
{
    private void AddEvent(in EventFields root, WindowKeys window, long time)
    {
        var minute = window.Minute;
        store.HashIncrement(minute, RealtimeMetrics.Events, 1);
        var type = root.EventType;
        if (type is null)
        {
            return;
        }

        store.HashIncrement(minute, EventsOfType(type), 1);
        if (type == "product_view" && root.ProductId is { } product)
        {
            store.SortedSetIncrement(window.Views, product, 1);
        }

        if (root.SessionId is not { } session)
        {
            return;
        }

        store.SortedSetAddIfGreater(RealtimeKeys.Sessions, session, time);
        if (window.Funnel.TryGetValue(type, out var funnel))
        {
            store.SetAdd(funnel, string.Join(Separator, session, root.Device ?? string.Empty, root.Country ?? string.Empty));
        }
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
