using System.Text.Json;

namespace Cartwheel.Contracts;

/// <summary>One clickstream event: a page view, a search, a cart change, a purchase….</summary>
/// <param name="EventId">Globally unique id; duplicates (client retries) share it.</param>
/// <param name="SessionId">The browsing session the event belongs to.</param>
/// <param name="UserId">The signed-in customer, or null for an anonymous visitor.</param>
/// <param name="AnonymousId">The device/cookie id, present for every event.</param>
/// <param name="EventType">What happened.</param>
/// <param name="ProductId">The product concerned (views, cart changes), else null.</param>
/// <param name="EventTime">When it happened on the client (UTC). Places the event in its day.</param>
/// <param name="IngestionTime">When the pipeline first received it (UTC); later than event time for late data.</param>
/// <param name="Properties">Free JSON (search query, cart value, …).</param>
public sealed record ClickEvent(
    string EventId,
    string SessionId,
    string? UserId,
    string AnonymousId,
    ClickEventType EventType,
    string? ProductId,
    string PageUrl,
    string? Referrer,
    string? UtmSource,
    string? UtmMedium,
    string? UtmCampaign,
    DeviceType Device,
    string? Os,
    string? Country,
    string? State,
    [property: Pii(PiiCategory.Quasi)] string? Ip,
    DateTimeOffset EventTime,
    DateTimeOffset IngestionTime,
    JsonElement? Properties);
