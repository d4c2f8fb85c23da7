using System.Text.Json.Serialization;

namespace Cartwheel.Contracts;

/// <summary>
/// One version of an order. An order appears once per status change; the version with the latest
/// <see cref="UpdatedAt"/> wins. The order's date is the UTC date of <see cref="CreatedAt"/>.
/// <c>source_message_id</c>: the Segment <c>messageId</c> the version was mapped from (null for other sources and messages without one); a client's retry
/// carries the same id, so the stream drops the retried version although its skew-corrected <c>updated_at</c> differs.
/// </summary>
public sealed record Order(
    string OrderId,
    string UserId,
    string? SessionId,
    OrderStatus Status,
    string Currency,
    IReadOnlyList<OrderItem> Items,
    decimal Shipping,
    decimal Tax,
    string PaymentMethod,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SourceMessageId = null);
