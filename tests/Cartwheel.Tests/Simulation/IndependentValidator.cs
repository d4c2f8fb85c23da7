using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cartwheel.Tests.Simulation;

/// <summary>
/// Checks a written line against the rules of docs/data-model.md, written apart from the simulator: the quarantine
/// reason the pipeline must give it, or null when the line is a clean record.
/// </summary>
internal static partial class IndependentValidator
{
    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly string[] UsersHeader = ["user_id", "email", "name", "phone", "country", "state", "tier", "device_type", "signup_date", "updated_at"];
    public static readonly string[] ProductsHeader = ["product_id", "name", "category", "subcategory", "brand", "price", "is_active", "updated_at"];
    public static readonly string[] Seed004UsersHeader = ["user_id", "signup_date", "device_type", "country"];
    public static readonly string[] TransactionsHeader = ["transaction_id", "session_id", "user_id", "amount", "currency", "transaction_timestamp"];

    private static readonly HashSet<string> EventTypes = ["page_view", "product_view", "search", "add_to_cart", "remove_from_cart", "checkout_started", "purchase"];
    private static readonly HashSet<string> Statuses = ["pending", "completed", "failed", "refunded", "cancelled"];
    private static readonly HashSet<string> Reasons = ["sale", "restock", "return", "adjustment"];
    private static readonly HashSet<string> Tiers = ["free", "premium", "vip"];
    private static readonly HashSet<string> Devices = ["desktop", "mobile", "tablet"];

    public static string? Reason(string file, bool seed004, string line) => (file, seed004) switch
    {
        ("users.csv", false) => Csv(line, UsersHeader, "user_id", "updated_at", UserProblem),
        ("products.csv", false) => Csv(line, ProductsHeader, "product_id", "updated_at", ProductProblem),
        ("users.csv", true) => Csv(line, Seed004UsersHeader, "user_id", "signup_date", _ => null),
        ("transactions.csv", true) => Csv(line, TransactionsHeader, "transaction_id", "transaction_timestamp", r => Money(r["amount"])),
        ("events.jsonl", false) => Json(line, "event_id", "event_time", EventProblem),
        ("events.jsonl", true) => Json(line, "event_id", "event_timestamp", e => EventTypes.Contains(e.GetProperty("event_type").GetString()!) ? null : "invalid_value"),
        ("orders.jsonl", false) => Json(line, "order_id", "created_at", OrderProblem),
        ("inventory.jsonl", false) => Json(line, "update_id", "event_time", InventoryProblem),
        _ => throw new ArgumentException(file),
    };

    /// <summary>Splits an RFC 4180 line (no embedded line breaks); null when the quoting is broken.</summary>
    public static List<string>? SplitCsv(string line)
    {
        var fields = new List<string>();
        var i = 0;
        while (true)
        {
            var field = new System.Text.StringBuilder();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length) return null;
                    if (line[i] == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                    if (line[i] == '"') { i++; break; }
                    field.Append(line[i++]);
                }
            }
            else
            {
                while (i < line.Length && line[i] != ',') field.Append(line[i++]);
            }

            fields.Add(field.ToString());
            if (i >= line.Length) return fields;
            if (line[i] != ',') return null;
            i++;
        }
    }

    private static string? Csv(string line, string[] header, string key, string time, Func<Dictionary<string, string>, string?> problem)
    {
        var fields = SplitCsv(line);
        if (fields is null || fields.Count != header.Length) return "invalid_csv";
        var row = header.Zip(fields).ToDictionary(p => p.First, p => p.Second);
        if (row[time].Length == 0) return "missing_event_time";
        if (!Time(row[time], out _)) return "invalid_event_time";
        if (row[key].Length == 0) return "missing_key";
        return problem(row);
    }

    private static string? Json(string line, string key, string time, Func<JsonElement, string?> problem)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(line); } catch (JsonException) { return "invalid_json"; }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return "not_an_object";
            if (!root.TryGetProperty(time, out var t) || t.ValueKind == JsonValueKind.Null) return "missing_event_time";
            if (t.ValueKind != JsonValueKind.String || !Time(t.GetString()!, out _)) return "invalid_event_time";
            if (!root.TryGetProperty(key, out var k) || string.IsNullOrEmpty(k.GetString())) return "missing_key";
            return problem(root);
        }
    }

    private static string? UserProblem(Dictionary<string, string> row)
    {
        if (!DateOnly.TryParseExact(row["signup_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) return "invalid_type";
        if (!EmailPattern().IsMatch(row["email"]) || !Tiers.Contains(row["tier"]) || !Devices.Contains(row["device_type"])) return "invalid_value";
        return null;
    }

    private static string? ProductProblem(Dictionary<string, string> row) =>
        row["is_active"] is not ("true" or "false") ? "invalid_type" : Money(row["price"]);

    private static string? Money(string text) =>
        !decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? "invalid_type"
        : value < 0 ? "invalid_value" : null;

    private static string? EventProblem(JsonElement e)
    {
        if (!Time(e.GetProperty("ingestion_time").GetString()!, out var ingested)) return "invalid_type";
        Time(e.GetProperty("event_time").GetString()!, out var happened);
        if (!EventTypes.Contains(e.GetProperty("event_type").GetString()!) || !Devices.Contains(e.GetProperty("device").GetString()!)) return "invalid_value";
        return happened < Earliest || happened > ingested.AddDays(1) ? "invalid_value" : null;
    }

    private static string? OrderProblem(JsonElement o)
    {
        var numbers = new List<JsonElement> { o.GetProperty("shipping"), o.GetProperty("tax") };
        foreach (var item in o.GetProperty("items").EnumerateArray())
        {
            if (item.GetProperty("quantity").ValueKind != JsonValueKind.Number || !item.GetProperty("quantity").TryGetInt32(out var q)) return "invalid_type";
            if (q <= 0) return "invalid_value";
            numbers.Add(item.GetProperty("unit_price"));
            numbers.Add(item.GetProperty("discount"));
        }

        if (numbers.Any(n => n.ValueKind != JsonValueKind.Number)) return "invalid_type";
        if (numbers.Any(n => n.GetDecimal() < 0) || !Statuses.Contains(o.GetProperty("status").GetString()!)) return "invalid_value";
        return o.GetProperty("user_id").GetString() is { Length: > 0 } ? null : "missing_key";
    }

    private static string? InventoryProblem(JsonElement u)
    {
        if (u.GetProperty("on_hand").ValueKind != JsonValueKind.Number || u.GetProperty("delta").ValueKind != JsonValueKind.Number) return "invalid_type";
        return !Reasons.Contains(u.GetProperty("reason").GetString()!) || u.GetProperty("on_hand").GetInt32() < 0 ? "invalid_value" : null;
    }

    private static bool Time(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value) && value >= Earliest;

    [GeneratedRegex(@"^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$")]
    private static partial Regex EmailPattern();
}
