using System.Text.Json;
using Cartwheel.Contracts;

namespace Cartwheel.Ingest.Segment;

/// <summary>
/// Maps one Segment message (the wire format of @segment/analytics-node) onto Cartwheel contract records:
/// track → a click event (and an order version for Order Completed / Order Refunded), page/screen → page_view,
/// identify → a profile version. The mapping table is in docs/collector.md.
/// </summary>
public sealed partial class SegmentMapper
{
    private readonly SegmentEventMap _events;

    public SegmentMapper(SegmentEventMap? events = null) => _events = events ?? SegmentEventMap.Default;

    /// <summary>
    /// The records one message becomes (none for group/alias). <paramref name="impliedType"/> is the type of a
    /// single-message endpoint (<c>/v1/track</c>) for messages without one. Throws <see cref="SegmentMessageException"/> when invalid.
    /// </summary>
    public IReadOnlyList<CollectedRecord> Map(JsonElement message, SegmentReceipt receipt, string? impliedType = null)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw new SegmentMessageException("A message must be a JSON object.");
        }

        var type = (SegmentJson.String(message, "type") ?? impliedType)?.ToLowerInvariant();
        if (type is "group" or "alias")
        {
            return []; // Accepted like Segment does; Cartwheel has no contract for accounts or id merges (docs/collector.md).
        }

        var common = SegmentCommon.Read(message, receipt);
        return type switch
        {
            "track" => Track(message, common),
            "page" or "screen" => [Event(common, ClickEventType.PageView, message, productId: null, Properties(message))],
            "identify" => [Identify(message, common)],
            null => throw new SegmentMessageException("The message has no type."),
            _ => throw new SegmentMessageException($"Unknown message type '{type}'."),
        };
    }

    private List<CollectedRecord> Track(JsonElement message, SegmentCommon common)
    {
        var name = SegmentJson.String(message, "event") ?? throw new SegmentMessageException("A track message needs 'event'.");
        var normalized = SegmentEventMap.Normalize(name);
        if (normalized is "order refunded")
        {
            return [OrderVersion(message, common, OrderStatus.Refunded)];
        }

        var type = _events.TypeOf(name, out var known);
        var properties = known ? Properties(message) : Wrap(name, message);
        var productId = SegmentJson.String(message, "properties", "product_id") ?? SegmentJson.String(message, "properties", "sku");
        var click = Event(common, type, message, productId, properties);
        return normalized is "order completed" or "completed order"
            ? [click, OrderVersion(message, common, OrderStatus.Completed)]
            : [click];
    }

    private static CollectedRecord Event(SegmentCommon common, ClickEventType type, JsonElement message, string? productId, JsonElement? properties) =>
        new(EntityKind.Events, common.Key, new ClickEvent(
            common.MessageId,
            common.SessionId,
            common.UserId,
            common.AnonymousId,
            type,
            productId,
            SegmentJson.String(message, "properties", "url") ?? SegmentJson.String(message, "context", "page", "url") ?? "",
            SegmentJson.String(message, "properties", "referrer") ?? SegmentJson.String(message, "context", "page", "referrer"),
            SegmentJson.String(message, "context", "campaign", "source"),
            SegmentJson.String(message, "context", "campaign", "medium"),
            SegmentJson.String(message, "context", "campaign", "name"),
            common.Device,
            common.Os,
            common.Country,
            common.State,
            common.Ip,
            common.EventTime,
            common.ReceivedAt,
            properties));

    private static CollectedRecord Identify(JsonElement message, SegmentCommon common)
    {
        var userId = common.UserId ?? throw new SegmentMessageException("An identify message needs userId (anonymous traits have no profile).");
        var traits = SegmentJson.Get(message, "traits") ?? SegmentJson.Get(message, "context", "traits") ?? default;
        var name = SegmentJson.String(traits, "name")
            ?? $"{SegmentJson.String(traits, "firstName") ?? SegmentJson.String(traits, "first_name")} {SegmentJson.String(traits, "lastName") ?? SegmentJson.String(traits, "last_name")}".Trim();
        var tier = SegmentJson.String(traits, "tier")?.ToLowerInvariant() switch
        {
            "premium" => UserTier.Premium,
            "vip" => UserTier.Vip,
            _ => UserTier.Free,
        };
        var signup = SegmentJson.Time(traits, "createdAt") ?? SegmentJson.Time(traits, "created_at") ?? common.EventTime;
        return new CollectedRecord(EntityKind.Users, userId, new UserProfile(
            userId,
            SegmentJson.String(traits, "email") ?? "",
            name,
            SegmentJson.String(traits, "phone"),
            SegmentJson.String(traits, "address", "country") ?? common.Country ?? "",
            SegmentJson.String(traits, "address", "state") ?? SegmentJson.String(traits, "address", "region") ?? common.State,
            tier,
            common.Device,
            DateOnly.FromDateTime(signup.UtcDateTime),
            common.EventTime,
            common.ClientMessageId));
    }

    private static JsonElement? Properties(JsonElement message) => SegmentJson.Get(message, "properties")?.Clone();

    /// <summary>An event no map names keeps its Segment name and properties: <c>{"segment_event": …, "properties": …}</c>.</summary>
    private static JsonElement Wrap(string name, JsonElement message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("segment_event", name);
            writer.WritePropertyName("properties");
            if (SegmentJson.Get(message, "properties") is { } properties)
            {
                properties.WriteTo(writer);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteEndObject();
        }

        return JsonElement.Parse(buffer.ToArray());
    }
}
