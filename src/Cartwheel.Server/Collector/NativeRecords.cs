using System.Text.Json;
using Cartwheel.Contracts;
using Cartwheel.Ingest.Segment;

namespace Cartwheel.Server.Collector;

/// <summary>
/// Parses one native record (a contract record as one JSONL line holds it) of a kind, checks its key fields and
/// returns it with its partitioning key. Events get ingestion_time = the receive time (the collector is where
/// they are ingested). Throws <see cref="JsonException"/> or <see cref="SegmentMessageException"/> when invalid.
/// </summary>
internal static class NativeRecords
{
    public static CollectedRecord Parse(EntityKind kind, ReadOnlyMemory<byte> json, DateTimeOffset receivedAt)
    {
        CheckEscapes(json.Span);
        switch (kind)
        {
            case EntityKind.Events:
                var click = Deserialize(json, ContractsJsonContext.Default.ClickEvent);
                Placed(click.EventTime, "event_time", receivedAt);
                return Event(click, receivedAt);
            case EntityKind.Orders:
                var order = Deserialize(json, ContractsJsonContext.Default.Order);
                Required(order.OrderId, "order_id");
                Placed(order.CreatedAt, "created_at", receivedAt);
                Placed(order.UpdatedAt, "updated_at", receivedAt);
                return new(kind, Required(order.UserId, "user_id"), order);
            case EntityKind.Users:
                var user = Deserialize(json, ContractsJsonContext.Default.UserProfile);
                Placed(user.UpdatedAt, "updated_at", receivedAt);
                return new(kind, Required(user.UserId, "user_id"), user);
            case EntityKind.Products:
                var product = Deserialize(json, ContractsJsonContext.Default.Product);
                Placed(product.UpdatedAt, "updated_at", receivedAt);
                return new(kind, Required(product.ProductId, "product_id"), product);
            case EntityKind.Inventory:
                var update = Deserialize(json, ContractsJsonContext.Default.InventoryUpdate);
                Required(update.UpdateId, "update_id");
                Placed(update.EventTime, "event_time", receivedAt);
                return new(kind, Required(update.ProductId, "product_id"), update);
            default:
                throw new SegmentMessageException($"Kind '{kind.Name()}' cannot be collected natively.");
        }
    }

    private static CollectedRecord Event(ClickEvent e, DateTimeOffset receivedAt)
    {
        Required(e.EventId, "event_id");
        Required(e.SessionId, "session_id");
        return new(EntityKind.Events, e.UserId ?? Required(e.AnonymousId, "anonymous_id"), e with { IngestionTime = SegmentJson.Milliseconds(receivedAt) });
    }

    private static T Deserialize<T>(ReadOnlyMemory<byte> json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(json.Span, type) ?? throw new SegmentMessageException("A record must be a JSON object, not null.");

    /// <summary>
    /// The time that places a record must be there and plausible (the silver rule: not before 2000, not more than a
    /// day after it was received); a missing time would otherwise deserialize as year 1.
    /// </summary>
    private static void Placed(DateTimeOffset time, string field, DateTimeOffset receivedAt)
    {
        if (time == default)
        {
            throw new SegmentMessageException($"'{field}' is required.");
        }

        if (time < PlausibleFrom || time > receivedAt.AddDays(1))
        {
            throw new SegmentMessageException($"'{field}' {time:O} is implausible (before 2000 or more than a day after it was received).");
        }
    }

    private static readonly DateTimeOffset PlausibleFrom = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new SegmentMessageException($"'{field}' is required.") : value;

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> when a string or key of the record is an escape that is no valid
    /// UTF-16 ("\ud800" alone): well-formed JSON text that deserialisation accepts inside free JSON (properties) and
    /// that would only fail when the record is written to the log. Only records holding a \u escape are read twice.
    /// </summary>
    private static void CheckEscapes(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf("\\u"u8) < 0)
        {
            return;
        }

        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                _ = reader.GetString();
            }
        }
    }
}
