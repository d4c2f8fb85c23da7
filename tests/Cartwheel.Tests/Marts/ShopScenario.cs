using System.Globalization;
using System.Text.Json;
using Cartwheel.Tests.Warehouse;

namespace Cartwheel.Tests.Marts;

/// <summary>
/// A seeded four-day shop over a month boundary (2024-01-30 .. 2024-02-02) with late and duplicate data: every event
/// file is committed twice in part (duplicates), refunds of earlier orders arrive in later files, a day's orders
/// come in two files. The input rows stay available as records so tests compute the marts independently (LINQ).
/// </summary>
internal sealed class ShopScenario
{
    public static readonly DateOnly[] Days = [new(2024, 1, 30), new(2024, 1, 31), new(2024, 2, 1), new(2024, 2, 2)];
    private static readonly string[] Countries = ["US", "FR", "DE"];
    private static readonly string[] Devices = ["desktop", "mobile", "tablet"];
    private static readonly (string? Source, string? Medium, string? Referrer)[] Entries =
        [(null, null, null), ("google", "cpc", null), (null, null, "https://www.google.com/"), ("newsletter", "email", null), (null, null, "https://facebook.com/x")];

    public sealed record Event(string EventId, string SessionId, string? UserId, string Type, string? ProductId, DateTime Time,
        string Device, string Country, string? UtmSource, string? UtmMedium, string? Referrer);

    public sealed record Line(string ProductId, int Quantity, decimal UnitPrice, decimal Discount);

    public sealed record Order(string OrderId, string UserId, string SessionId, string Status, Line[] Items, decimal Tax, decimal Shipping,
        DateTime CreatedAt, DateTime UpdatedAt);

    public sealed record Stock(string UpdateId, string ProductId, string Warehouse, int OnHand, int Delta, string Reason, DateTime Time);

    public List<Event> Events { get; } = [];

    public List<Order> Orders { get; } = [];

    public List<Stock> Inventory { get; } = [];

    public Dictionary<string, string> UserCountry { get; } = [];

    /// <summary>The latest version of every order (by updated_at).</summary>
    public IEnumerable<Order> LatestOrders => Orders.GroupBy(o => o.OrderId).Select(g => g.MaxBy(o => o.UpdatedAt)!);

    /// <summary>The sales: latest versions that are completed.</summary>
    public IEnumerable<Order> Sales => LatestOrders.Where(o => o.Status == "completed");

    /// <summary>The first event of every session (its start, user, device, country and entry).</summary>
    public IEnumerable<Event> SessionStarts => Events.GroupBy(e => e.SessionId).Select(g => g.OrderBy(e => e.Time).ThenBy(e => e.EventId, StringComparer.Ordinal).First());

    /// <summary>An order's revenue: Σ quantity × unit_price − discount over its lines (no tax, no shipping).</summary>
    public static decimal Revenue(Order o) => o.Items.Sum(i => (i.Quantity * i.UnitPrice) - i.Discount);

    /// <summary>The channel of a session's first event, as cw_channel classifies this scenario's entries.</summary>
    public static string Channel(Event e) => (e.UtmMedium, e.Referrer) switch
    {
        ("cpc", _) => "paid_search",
        ("email", _) => "email",
        (null, { } r) when r.Contains("google", StringComparison.Ordinal) => "organic_search",
        (null, { } r) when r.Contains("facebook", StringComparison.Ordinal) => "social",
        _ => "direct",
    };

    public static ShopScenario Load(BronzeFixture f)
    {
        var s = new ShopScenario();
        var random = new Random(42);
        var users = Enumerable.Range(1, 12).Select(i => $"u{i:D2}").ToList();
        var rows = users.Select((u, i) =>
        {
            s.UserCountry[u] = Countries[i % 3];
            return $"{u},{u}@x.com,N{i},1,{Countries[i % 3]},,{(i % 4 == 0 ? "vip" : "free")},mobile,2024-01-01,2024-01-01T00:00:00Z";
        }).ToArray();
        f.Csv("users", new DateOnly(2024, 1, 1), "user_id,email,name,phone,country,state,tier,device_type,signup_date,updated_at", rows);
        f.Csv("products", new DateOnly(2024, 1, 1), "product_id,name,category,subcategory,brand,price,is_active,updated_at",
            "p1,Mug,home,mugs,Acme,9.99,true,2024-01-01T00:00:00Z", "p2,Pen,office,pens,Bic,3.33,true,2024-01-01T00:00:00Z",
            "p3,Lamp,home,lamps,Lux,24.50,true,2024-01-01T00:00:00Z", "p4,Desk,office,desks,Ikea,129.00,true,2024-01-01T00:00:00Z");
        var n = 0;
        foreach (var day in Days)
        {
            var events = new List<Event>();
            var orders = new List<Order>();
            for (var k = 0; k < 14; k++)
            {
                var session = $"s{day:MMdd}-{k:D2}";
                var user = k % 7 == 6 ? null : users[random.Next(users.Count)];
                var start = day.ToDateTime(new TimeOnly(random.Next(0, 23), random.Next(60)), DateTimeKind.Utc);
                var entry = Entries[random.Next(Entries.Length)];
                var (device, country) = (Devices[random.Next(3)], Countries[random.Next(3)]);
                var product = $"p{random.Next(1, 5)}";
                var types = new List<string> { "page_view" };
                var depth = random.Next(0, 5);
                types.AddRange(new[] { "product_view", "add_to_cart", "checkout_started", "purchase" }.Take(depth));
                events.AddRange(types.Select((t, i) => new Event($"e{++n}", session, user, t, t == "page_view" ? null : product,
                    start.AddMinutes(i * 3), device, country, entry.Source, entry.Medium, entry.Referrer)));
                if (depth == 4 && user is not null)
                {
                    var items = Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
                        new Line($"p{random.Next(1, 5)}", random.Next(1, 4), new[] { 9.99m, 3.33m, 24.50m, 129.00m }[random.Next(4)], random.Next(3) == 0 ? 0.50m : 0m)).ToArray();
                    var created = start.AddMinutes(12);
                    var tax = Math.Round(items.Sum(i => (i.Quantity * i.UnitPrice) - i.Discount) * 0.07m, 2);
                    orders.Add(new Order($"o{session}", user, session, "pending", items, tax, 4.99m, created, created));
                    orders.Add(new Order($"o{session}", user, session, "completed", items, tax, 4.99m, created, created.AddMinutes(1)));
                    if (random.Next(5) == 0)
                    {
                        orders.Add(new Order($"o{session}", user, session, "refunded", items, tax, 4.99m, created, created.AddHours(30)));
                    }
                }
            }

            s.Events.AddRange(events);
            s.Orders.AddRange(orders);
            f.Json("events", day, events.Select(Json).ToArray());
            f.Json("events", day, events.Take(5).Select(Json).ToArray()); // duplicates
            // The refunds (a day later) arrive late, in a separate file of the order's date.
            f.Json("orders", day, orders.Where(o => o.Status != "refunded").Select(Json).ToArray());
            s.Inventory.AddRange(StockUpdates(day, random, ref n));
            f.Json("inventory", day, s.Inventory.Where(i => DateOnly.FromDateTime(i.Time) == day).Select(Json).ToArray());
        }

        foreach (var g in s.Orders.Where(o => o.Status == "refunded").GroupBy(o => DateOnly.FromDateTime(o.CreatedAt)))
        {
            f.Json("orders", g.Key, g.Select(Json).ToArray());
        }

        return s;
    }

    private static List<Stock> StockUpdates(DateOnly day, Random random, ref int n)
    {
        var list = new List<Stock>();
        foreach (var (product, warehouse) in new[] { ("p1", "w1"), ("p1", "w2"), ("p2", "w1") })
        {
            if (day == Days[2] && product == "p2")
            {
                continue; // no update that day: carried forward
            }

            var onHand = random.Next(0, 3) == 0 ? 0 : random.Next(1, 40);
            list.Add(new Stock($"i{++n}", product, warehouse, onHand + 5, 5, "restock", day.ToDateTime(new TimeOnly(6, 0), DateTimeKind.Utc)));
            list.Add(new Stock($"i{++n}", product, warehouse, onHand, -5, "sale", day.ToDateTime(new TimeOnly(18, random.Next(60)), DateTimeKind.Utc)));
        }

        return list;
    }

    private static string Json(Event e) => JsonSerializer.Serialize(new
    {
        event_id = e.EventId, session_id = e.SessionId, user_id = e.UserId, event_type = e.Type, product_id = e.ProductId,
        event_time = Time(e.Time), device = e.Device, country = e.Country, utm_source = e.UtmSource, utm_medium = e.UtmMedium, referrer = e.Referrer,
    });

    internal static string Json(Order o) => JsonSerializer.Serialize(new
    {
        order_id = o.OrderId, user_id = o.UserId, session_id = o.SessionId, status = o.Status, currency = "USD",
        items = o.Items.Select(i => new { product_id = i.ProductId, quantity = i.Quantity, unit_price = i.UnitPrice, discount = i.Discount }),
        tax = o.Tax, shipping = o.Shipping, payment_method = "card", created_at = Time(o.CreatedAt), updated_at = Time(o.UpdatedAt),
    });

    private static string Json(Stock i) => JsonSerializer.Serialize(new
    {
        update_id = i.UpdateId, product_id = i.ProductId, warehouse_id = i.Warehouse, on_hand = i.OnHand, delta = i.Delta, reason = i.Reason, event_time = Time(i.Time),
    });

    private static string Time(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
