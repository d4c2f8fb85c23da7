using System.Globalization;

namespace Cartwheel.Tests.Streaming;

/// <summary>Contract JSON lines (docs/data-model.md) for the stream tests.</summary>
internal static class StreamRecords
{
    public static readonly DateTimeOffset T0 = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Event(string id, string session, string type, DateTimeOffset time, string? product = null, string device = "desktop", string country = "US") =>
        $$"""{"event_id":"{{id}}","session_id":"{{session}}","user_id":"u1","anonymous_id":"a1","event_type":"{{type}}","product_id":{{(product is null ? "null" : $"\"{product}\"")}},"page_url":"/","device":"{{device}}","country":"{{country}}","event_time":"{{Iso(time)}}","ingestion_time":"{{Iso(time)}}","properties":null}""";

    public static string Order(string id, string status, DateTimeOffset created, DateTimeOffset updated, params (string Product, int Quantity, decimal Price, decimal Discount)[] items)
    {
        var lines = string.Join(",", items.Select(i => string.Create(CultureInfo.InvariantCulture,
            $"{{\"product_id\":\"{i.Product}\",\"quantity\":{i.Quantity},\"unit_price\":{i.Price},\"discount\":{i.Discount}}}")));
        return $$"""{"order_id":"{{id}}","user_id":"u1","session_id":"s1","status":"{{status}}","currency":"USD","items":[{{lines}}],"shipping":5,"tax":1.5,"payment_method":"card","created_at":"{{Iso(created)}}","updated_at":"{{Iso(updated)}}"}""";
    }

    public static string Inventory(string id, string product, string warehouse, int onHand, DateTimeOffset time) =>
        $$"""{"update_id":"{{id}}","product_id":"{{product}}","warehouse_id":"{{warehouse}}","on_hand":{{onHand}},"delta":-1,"reason":"sale","event_time":"{{Iso(time)}}"}""";

    public static string User(string id, DateOnly signup, DateTimeOffset updated) =>
        $$"""{"user_id":"{{id}}","email":"x@example.com","name":"X","phone":null,"country":"US","state":null,"tier":"free","device_type":"mobile","signup_date":"{{signup:yyyy-MM-dd}}","updated_at":"{{Iso(updated)}}"}""";

    /// <summary>
    /// Click events over 100 sessions and ~4 minutes with every 10th a repeat of an earlier id and every 50th late by
    /// a minute, every 100th invalid JSON, plus orders, profiles, stock updates and an unknown kind.
    /// </summary>
    public static List<(string Kind, string Key, string Json)> Mixed(int count)
    {
        var records = new List<(string Kind, string Key, string Json)>();
        string[] types = ["page_view", "product_view", "add_to_cart", "checkout_started", "purchase"];
        for (var i = 0; i < count; i++)
        {
            var user = "u" + (i % 37).ToString(CultureInfo.InvariantCulture);
            var time = T0.AddMilliseconds(i * 40L) - (i % 50 == 49 ? TimeSpan.FromMinutes(1) : TimeSpan.Zero);
            var id = i % 10 == 9 ? "e" + (i / 2).ToString(CultureInfo.InvariantCulture) : "e" + i.ToString(CultureInfo.InvariantCulture);
            var json = i % 100 == 99
                ? """{"event_id":"bad","event_time":"""
                : Event(id, "s" + (i % 100).ToString(CultureInfo.InvariantCulture), types[i % types.Length], time, "p" + (i % 13).ToString(CultureInfo.InvariantCulture),
                    i % 3 == 0 ? "mobile" : "desktop", i % 4 == 0 ? "DE" : "US");
            records.Add(("events", user, json));
            if (i % 200 == 0)
            {
                records.Add(("orders", user, Order("o" + i.ToString(CultureInfo.InvariantCulture), "completed", time, time, ("p1", 2, 9.99m, 1m))));
                records.Add(("users", user, User(user, new DateOnly(2024, 3, 1), time)));
                records.Add(("inventory", user, Inventory("i" + i.ToString(CultureInfo.InvariantCulture), "p" + (i % 13).ToString(CultureInfo.InvariantCulture), "w1", 5 + (i % 7), time)));
                records.Add(("widgets", user, """{"id":1}"""));
            }
        }

        return records;
    }
}
